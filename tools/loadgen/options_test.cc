#include "loadgen/options.h"

#include "loadgen/errors.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

namespace tracker::loadgen {
namespace {

common::Result<Options> parse(std::initializer_list<std::string_view> args) {
  const std::vector<std::string_view> list(args);
  return parseOptions(list);
}

TEST(OptionsTest, DefaultsAreAShortOpenLoopRun) {
  const auto options = parse({});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->mode, LoadMode::kOpenLoop);
  EXPECT_EQ(options->rate, 1000);
  EXPECT_EQ(options->duration, std::chrono::seconds(10));
  EXPECT_FALSE(options->count);
  EXPECT_EQ(options->batch, 1u);
  EXPECT_EQ(options->format, BodyFormat::kJson);
  EXPECT_FALSE(options->seed);
}

TEST(OptionsTest, OpenLoopWithEverything) {
  const auto options = parse({"--url",       "http://127.0.0.1:28080",
                              "--rate=500",  "--connections",
                              "8",           "--count",
                              "1000",        "--batch",
                              "50",          "--format",
                              "protobuf",    "--seed",
                              "42",          "--api-key",
                              "k",           "--users",
                              "1000",        "--zipf",
                              "0.8",         "--report",
                              "/tmp/r.json", "--quiet"});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->url, "http://127.0.0.1:28080/api/events");
  EXPECT_EQ(options->rate, 500);
  EXPECT_EQ(options->connections, 8u);
  EXPECT_EQ(options->count, 1000u);
  EXPECT_FALSE(options->duration);
  EXPECT_EQ(options->batch, 50u);
  EXPECT_EQ(options->format, BodyFormat::kProtobuf);
  EXPECT_EQ(options->seed, 42u);
  EXPECT_EQ(options->api_key, "k");
  EXPECT_EQ(options->users, 1000u);
  EXPECT_DOUBLE_EQ(options->zipf_exponent, 0.8);
  EXPECT_EQ(options->report_path, "/tmp/r.json");
  EXPECT_TRUE(options->quiet);
}

TEST(OptionsTest, ConcurrencyMeansClosedLoop) {
  const auto options = parse({"--concurrency", "16", "--duration", "2.5"});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->mode, LoadMode::kClosedLoop);
  EXPECT_EQ(options->concurrency, 16u);
  EXPECT_EQ(options->duration, std::chrono::milliseconds(2500));
}

TEST(OptionsTest, UrlWithPathIsKept) {
  EXPECT_EQ(parse({"--url", "http://h:1/x/events"})->url, "http://h:1/x/events");
  EXPECT_EQ(parse({"--url", "http://h:1/"})->url, "http://h:1/api/events");
}

TEST(OptionsTest, UsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string_view>>{
           {"--rate", "100", "--concurrency", "4"},
           {"--connections", "4", "--concurrency", "4"},
           {"--duration", "1", "--count", "5"},
           {"--rate", "0"},
           {"--rate", "fast"},
           {"--batch", "0"},
           {"--count", "-3"},
           {"--format", "xml"},
           {"--url", "ftp://h"},
           {"--url", "http://"},
           {"--zipf", "-1"},
           {"--duration"},
           {"--bogus"},
           {"positional"},
       }) {
    const auto options = parseOptions(args);
    ASSERT_FALSE(options) << args[0];
    EXPECT_EQ(options.error().code, errc::kUsage);
    EXPECT_FALSE(options.error().message.empty());
  }
}

TEST(OptionsTest, HelpAsksForTheUsageText) {
  const auto help = parse({"--rate", "5", "--help"});
  ASSERT_TRUE(help);
  EXPECT_TRUE(help->help);
  EXPECT_NE(usageText().find("--rate"), std::string::npos);
}

}  // namespace
}  // namespace tracker::loadgen
