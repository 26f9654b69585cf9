#include "config.h"

#include "common/env.h"
#include "common/errors.h"

#include <gtest/gtest.h>

#include <map>

namespace tracker::schema_registry_service {
namespace {

constexpr const char* kDsn = "postgresql://tracker:tracker@127.0.0.1:15432/tracker";

common::Result<Config> load(std::map<std::string, std::string> variables) {
  variables.try_emplace("TRACKER_REGISTRY_PG_DSN", kDsn);
  return loadConfig(common::envFromMap(std::move(variables)));
}

TEST(ConfigTest, Defaults) {
  const auto config = load({});
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 18081);
  EXPECT_EQ(config->threads, 2u);
  EXPECT_EQ(config->pg_dsn, kDsn);
  EXPECT_EQ(config->max_body_bytes, 8u * 1024 * 1024);
  EXPECT_EQ(config->cache_limit, 10000u);
}

TEST(ConfigTest, ReadsEverything) {
  const auto config = load({{"TRACKER_REGISTRY_HOST", "0.0.0.0"},
                            {"TRACKER_REGISTRY_PORT", "28081"},
                            {"TRACKER_REGISTRY_THREADS", "8"},
                            {"TRACKER_REGISTRY_PG_DSN", "host=/tmp dbname=registry"}});
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->port, 28081);
  EXPECT_EQ(config->threads, 8u);
  EXPECT_EQ(config->pg_dsn, "host=/tmp dbname=registry");
}

TEST(ConfigTest, TheDsnIsRequired) {
  const auto config = load({{"TRACKER_REGISTRY_PG_DSN", ""}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, common::errc::kInvalidEnvironment);
  EXPECT_NE(config.error().message.find("TRACKER_REGISTRY_PG_DSN"), std::string::npos);
}

TEST(ConfigTest, OutOfRangeOrMalformedValuesNameTheVariable) {
  const std::map<std::string, std::string> bad[] = {
      {{"TRACKER_REGISTRY_PORT", "65536"}},  {{"TRACKER_REGISTRY_PORT", "-1"}},
      {{"TRACKER_REGISTRY_PORT", "http"}},   {{"TRACKER_REGISTRY_THREADS", "0"}},
      {{"TRACKER_REGISTRY_THREADS", "257"}}, {{"TRACKER_REGISTRY_THREADS", "2x"}},
  };
  for (const auto& variables : bad) {
    const auto config = load(variables);
    const std::string& name = variables.begin()->first;
    ASSERT_FALSE(config) << name << "=" << variables.begin()->second;
    EXPECT_EQ(config.error().code, common::errc::kInvalidEnvironment);
    EXPECT_TRUE(config.error().message.starts_with(name + ": ")) << config.error().message;
  }
}

TEST(ConfigTest, BoundariesAreAccepted) {
  EXPECT_TRUE(load({{"TRACKER_REGISTRY_PORT", "0"}, {"TRACKER_REGISTRY_THREADS", "1"}}));
  EXPECT_TRUE(load({{"TRACKER_REGISTRY_PORT", "65535"}, {"TRACKER_REGISTRY_THREADS", "256"}}));
}

}  // namespace
}  // namespace tracker::schema_registry_service
