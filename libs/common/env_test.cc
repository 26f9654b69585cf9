#include "common/env.h"

#include "common/errors.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

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

EnvLookup envOf(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

TEST(EnvLookupTest, InvalidEnvironmentNamesTheVariable) {
  auto error = invalidEnvironment("TRACKER_X", "broken").value();
  EXPECT_EQ(error.code, errc::kInvalidEnvironment);
  EXPECT_EQ(error.message, "TRACKER_X: broken");
}

TEST(EnvLookupTest, RequireEnvReturnsTheValueOrNamesTheExample) {
  EXPECT_EQ(requireEnv(envOf({{"TRACKER_X", "v"}}), "TRACKER_X", "e.g.").value(), "v");
  auto missing = requireEnv(envOf({}), "TRACKER_X", "127.0.0.1:19092");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, errc::kInvalidEnvironment);
  EXPECT_EQ(missing.error().message, "TRACKER_X: required (e.g. 127.0.0.1:19092)");
}

TEST(EnvLookupTest, ReadEnvIntLeavesTheDefaultWhenUnset) {
  std::uint16_t port = 8080;
  EXPECT_TRUE(readEnvInt(envOf({}), "TRACKER_PORT", 0, 65535, port).has_value());
  EXPECT_EQ(port, 8080);
  EXPECT_EQ(readEnvInt64(envOf({}), "TRACKER_PORT", 0, 65535).value(), std::nullopt);
}

TEST(EnvLookupTest, ReadEnvIntAcceptsTheBoundsOfItsRange) {
  std::uint16_t port = 8080;
  EXPECT_TRUE(readEnvInt(envOf({{"TRACKER_PORT", "65535"}}), "TRACKER_PORT", 0, 65535, port));
  EXPECT_EQ(port, 65535);
  EXPECT_TRUE(readEnvInt(envOf({{"TRACKER_PORT", "0"}}), "TRACKER_PORT", 0, 65535, port));
  EXPECT_EQ(port, 0);
}

TEST(EnvLookupTest, ReadEnvIntRejectsOutOfRangeAndLeavesTheTarget) {
  int threads = 4;
  auto result = readEnvInt(envOf({{"TRACKER_THREADS", "257"}}), "TRACKER_THREADS", 1, 256, threads);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::kInvalidEnvironment);
  EXPECT_EQ(result.error().message, "TRACKER_THREADS: 257 is outside [1, 256]");
  EXPECT_EQ(threads, 4);
}

TEST(EnvLookupTest, ReadEnvIntRejectsNonIntegers) {
  int threads = 4;
  auto result = readEnvInt(envOf({{"TRACKER_THREADS", "4.5"}}), "TRACKER_THREADS", 1, 256, threads);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, "TRACKER_THREADS: \"4.5\" is not an integer");
  EXPECT_EQ(threads, 4);
}

TEST(EnvLookupTest, ReadEnvNonNegativeDoubleAcceptsZeroAndFractions) {
  double rate = 7;
  EXPECT_TRUE(readEnvNonNegativeDouble(envOf({}), "TRACKER_RATE", rate).has_value());
  EXPECT_EQ(rate, 7);
  EXPECT_TRUE(readEnvNonNegativeDouble(envOf({{"TRACKER_RATE", "0"}}), "TRACKER_RATE", rate));
  EXPECT_EQ(rate, 0);
  EXPECT_TRUE(readEnvNonNegativeDouble(envOf({{"TRACKER_RATE", "2.5"}}), "TRACKER_RATE", rate));
  EXPECT_EQ(rate, 2.5);
}

TEST(EnvLookupTest, ReadEnvNonNegativeDoubleRejectsNegativeAndText) {
  double rate = 7;
  for (const char* text : {"-1", "fast", "1e999"}) {
    auto result = readEnvNonNegativeDouble(envOf({{"TRACKER_RATE", text}}), "TRACKER_RATE", rate);
    ASSERT_FALSE(result.has_value()) << text;
    EXPECT_EQ(result.error().code, errc::kInvalidEnvironment);
    EXPECT_EQ(result.error().message,
              "TRACKER_RATE: \"" + std::string(text) + "\" is not a number >= 0");
  }
  EXPECT_EQ(rate, 7);
}

TEST(EnvLookupTest, ReadEnvBoolAcceptsTheUsualSpellingsInAnyCase) {
  bool flag = false;
  for (const char* text : {"true", "TRUE", "1", "Yes"}) {
    flag = false;
    EXPECT_TRUE(readEnvBool(envOf({{"TRACKER_FLAG", text}}), "TRACKER_FLAG", flag)) << text;
    EXPECT_TRUE(flag) << text;
  }
  for (const char* text : {"false", "False", "0", "NO"}) {
    flag = true;
    EXPECT_TRUE(readEnvBool(envOf({{"TRACKER_FLAG", text}}), "TRACKER_FLAG", flag)) << text;
    EXPECT_FALSE(flag) << text;
  }
}

TEST(EnvLookupTest, ReadEnvBoolRejectsOtherTextAndLeavesTheTarget) {
  bool flag = true;
  EXPECT_TRUE(readEnvBool(envOf({}), "TRACKER_FLAG", flag).has_value());
  EXPECT_TRUE(flag);
  auto result = readEnvBool(envOf({{"TRACKER_FLAG", "maybe"}}), "TRACKER_FLAG", flag);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, "TRACKER_FLAG: \"maybe\" is not true/false");
  EXPECT_TRUE(flag);
}

TEST(EnvFromMapTest, EmptyValuesCountAsUnset) {
  const EnvLookup env = envFromMap({{"A", "1"}, {"B", ""}});
  EXPECT_EQ(env("A"), "1");
  EXPECT_EQ(env("B"), std::nullopt);
  EXPECT_EQ(env("C"), std::nullopt);
}

}  // namespace
}  // namespace tracker::common
