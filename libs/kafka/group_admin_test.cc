#include "kafka/group_admin.h"

#include "kafka/errors.h"

#include <gtest/gtest.h>

namespace tracker::kafka {
namespace {

using std::chrono::milliseconds;

TEST(GroupAdminTest, NoBrokerFailsWithRequestFailedWithinTheBudget) {
  auto admin = GroupAdmin::create({{"bootstrap.servers", "127.0.0.1:1"}, {"log_level", "0"}},
                                  milliseconds(500));
  ASSERT_TRUE(admin.has_value()) << admin.error().toString();
  const auto started = std::chrono::steady_clock::now();
  const auto listed = (*admin)->describe(std::nullopt);
  ASSERT_FALSE(listed.has_value());
  EXPECT_EQ(listed.error().code, errc::kRequestFailed);
  const auto named = (*admin)->describe(std::string("some-group"));
  ASSERT_FALSE(named.has_value());
  EXPECT_EQ(named.error().code, errc::kRequestFailed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(GroupAdminTest, RejectsABadConfiguration) {
  auto admin = GroupAdmin::create({{"no.such.property", "1"}}, milliseconds(500));
  ASSERT_FALSE(admin.has_value());
  EXPECT_EQ(admin.error().code, errc::kInvalidConfig);
}

}  // namespace
}  // namespace tracker::kafka
