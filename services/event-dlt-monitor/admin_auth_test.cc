#include "admin_auth.h"

#include <gtest/gtest.h>

namespace tracker::event_dlt_monitor {
namespace {

using Verdict = AdminCheck::Verdict;

TEST(AdminAuth, WithoutKeysEveryoneMayActAsAnonymous) {
  const AdminAuth auth({});
  EXPECT_FALSE(auth.enabled());
  const AdminCheck check = auth.check(std::nullopt);
  EXPECT_EQ(check.verdict, Verdict::kAllowed);
  EXPECT_EQ(check.actor, "anonymous");
}

TEST(AdminAuth, MissingKeyIsUnauthorizedWrongKeyForbiddenRightKeyNamed) {
  const AdminAuth auth({{"ops", "secret-1"}, {"oncall", "secret-2"}});
  EXPECT_EQ(auth.check(std::nullopt).verdict, Verdict::kMissing);
  EXPECT_EQ(auth.check("").verdict, Verdict::kMissing);
  EXPECT_EQ(auth.check("secret-").verdict, Verdict::kWrong);
  EXPECT_EQ(auth.check("secret-10").verdict, Verdict::kWrong);
  const AdminCheck second = auth.check("secret-2");
  EXPECT_EQ(second.verdict, Verdict::kAllowed);
  EXPECT_EQ(second.actor, "oncall");
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
