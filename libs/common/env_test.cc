#include "common/env.h"

#include "common/errors.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tracker::common {
namespace {

// Each test uses its own variable name so tests stay independent of order.
TEST(EnvTest, UnsetFallsBack) {
  ::unsetenv("TRACKER_ENV_TEST_UNSET");
  EXPECT_FALSE(getEnv("TRACKER_ENV_TEST_UNSET").has_value());
  EXPECT_EQ(getEnvOr("TRACKER_ENV_TEST_UNSET", "dflt"), "dflt");
  EXPECT_EQ(getEnvInt("TRACKER_ENV_TEST_UNSET", 7).value(), 7);
}

TEST(EnvTest, EmptyCountsAsUnset) {
  ::setenv("TRACKER_ENV_TEST_EMPTY", "", 1);
  EXPECT_FALSE(getEnv("TRACKER_ENV_TEST_EMPTY").has_value());
  EXPECT_EQ(getEnvOr("TRACKER_ENV_TEST_EMPTY", "dflt"), "dflt");
}

TEST(EnvTest, SetValueWins) {
  ::setenv("TRACKER_ENV_TEST_SET", "42", 1);
  EXPECT_EQ(getEnvOr("TRACKER_ENV_TEST_SET", "dflt"), "42");
  EXPECT_EQ(getEnvInt("TRACKER_ENV_TEST_SET", 7).value(), 42);
}

TEST(EnvTest, NonNumericIntegerIsAnErrorNamingTheVariable) {
  ::setenv("TRACKER_ENV_TEST_BAD", "forty", 1);
  auto result = getEnvInt("TRACKER_ENV_TEST_BAD", 7);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::kInvalidEnvironment);
  EXPECT_NE(result.error().message.find("TRACKER_ENV_TEST_BAD"), std::string::npos);
}

}  // namespace
}  // namespace tracker::common
