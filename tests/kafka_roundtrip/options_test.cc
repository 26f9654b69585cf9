#include "options.h"

#include <gtest/gtest.h>

#include <vector>

namespace tracker::kafka_roundtrip {
namespace {

common::Result<Options> parse(std::vector<std::string_view> args) { return parseOptions(args); }

TEST(ParseOptionsTest, RequiredFlagsAndDefaults) {
  auto options = parse({"--bootstrap", "127.0.0.1:9092", "--topic", "t", "--count", "1000"});
  ASSERT_TRUE(options.has_value()) << options.error().toString();
  EXPECT_EQ(options->bootstrap, "127.0.0.1:9092");
  EXPECT_EQ(options->topic, "t");
  EXPECT_EQ(options->count, 1000);
  EXPECT_EQ(options->keys, 50);
  EXPECT_EQ(options->rate, 0.0);
  EXPECT_EQ(options->timeout_s, 120);
  EXPECT_TRUE(options->group.empty());
}

TEST(ParseOptionsTest, AllFlagsInBothSpellings) {
  auto options = parse({"--bootstrap=b:1", "--topic", "t", "--count=5", "--keys", "3",
                        "--rate=250.5", "--timeout-s", "30", "--group=g"});
  ASSERT_TRUE(options.has_value()) << options.error().toString();
  EXPECT_EQ(options->keys, 3);
  EXPECT_DOUBLE_EQ(options->rate, 250.5);
  EXPECT_EQ(options->timeout_s, 30);
  EXPECT_EQ(options->group, "g");
}

TEST(ParseOptionsTest, Help) {
  auto options = parse({"--help"});
  ASSERT_TRUE(options.has_value());
  EXPECT_TRUE(options->help);
}

TEST(ParseOptionsTest, RejectsBadInputWithAUsageError) {
  const std::vector<std::vector<std::string_view>> bad = {
      {},                                                        // nothing required given
      {"--topic", "t", "--count", "1"},                          // no bootstrap
      {"--bootstrap", "b:1", "--count", "1"},                    // no topic
      {"--bootstrap", "b:1", "--topic", "t"},                    // no count
      {"--bootstrap", "b:1", "--topic", "t", "--count", "0"},    // count below 1
      {"--bootstrap", "b:1", "--topic", "t", "--count", "ten"},  // not a number
      {"--bootstrap", "b:1", "--topic", "t", "--count", "1", "--rate", "-1"},
      {"--bootstrap", "b:1", "--topic", "t", "--count", "1", "--keys"},  // missing value
      {"--bootstrap", "b:1", "--topic", "t", "--count", "1", "--colour", "red"},
      {"--bootstrap", "b:1", "--topic", "t", "--count", "1", "stray"},
  };
  for (const auto& args : bad) {
    auto options = parse(args);
    ASSERT_FALSE(options.has_value()) << "accepted: " << ::testing::PrintToString(args);
    EXPECT_EQ(options.error().code, kUsageError);
    EXPECT_FALSE(options.error().message.empty());
  }
}

}  // namespace
}  // namespace tracker::kafka_roundtrip
