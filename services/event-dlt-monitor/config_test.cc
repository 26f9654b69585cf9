#include "config.h"

#include <gtest/gtest.h>

namespace tracker::event_dlt_monitor {
namespace {

common::Result<Config> load(std::map<std::string, std::string> values) {
  values.emplace("TRACKER_PG_DSN", "postgresql://tracker@127.0.0.1:15432/tracker");
  values.emplace("TRACKER_REGISTRY_URL", "http://127.0.0.1:18081");
  return loadConfig(common::envFromMap(std::move(values)));
}

TEST(Config, DefaultsAreTheDocumentedOnes) {
  auto config = load({});
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->port, 18070);
  EXPECT_EQ(config->group, "event-dlt-monitor");
  EXPECT_EQ(config->instance_id, "event-dlt-monitor-1");
  EXPECT_EQ(config->max_replays, 3);
  EXPECT_TRUE(config->compensation_stages.empty());
  EXPECT_TRUE(config->admin_keys.empty());
  EXPECT_EQ(config->replay_rate, 50);
  EXPECT_EQ(config->replay_cap, 1000);
}

TEST(Config, DatabaseAndRegistryAreRequired) {
  auto config = loadConfig(common::envFromMap({}));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("TRACKER_PG_DSN"), std::string::npos);
}

TEST(Config, CompensationTakesOnlyTransientStages) {
  auto config = load({{"TRACKER_DLT_COMPENSATION", "postgres, search"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->compensation_stages, (std::vector<std::string>{"postgres", "search"}));
  for (const char* wrong : {"decode", "validate", "postgres,bogus"}) {
    auto refused = load({{"TRACKER_DLT_COMPENSATION", wrong}});
    ASSERT_FALSE(refused) << wrong;
    EXPECT_NE(refused.error().message.find("TRACKER_DLT_COMPENSATION"), std::string::npos);
  }
}

TEST(Config, AdminKeysAreNamedAndTheirErrorsNameTheVariable) {
  auto config = load({{"TRACKER_DLT_ADMIN_KEYS", "ops:s3cret, bare-key"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->admin_keys,
            (std::vector<http_server::NamedKey>{{"ops", "s3cret"}, {"admin-2", "bare-key"}}));
  auto repeated = load({{"TRACKER_DLT_ADMIN_KEYS", "ops:top-secret-value,ops:b"}});
  ASSERT_FALSE(repeated);
  EXPECT_NE(repeated.error().message.find("TRACKER_DLT_ADMIN_KEYS"), std::string::npos);
  EXPECT_EQ(repeated.error().message.find("top-secret-value"), std::string::npos);
}

TEST(Config, RangesAreChecked) {
  EXPECT_FALSE(load({{"TRACKER_DLT_MAX_REPLAYS", "0"}}));
  EXPECT_FALSE(load({{"TRACKER_DLT_REPLAY_RATE", "1001"}}));
  EXPECT_FALSE(load({{"TRACKER_DLT_MONITOR_PORT", "70000"}}));
  auto dynamic = load({{"TRACKER_DLT_MONITOR_INSTANCE_ID", "none"}});
  ASSERT_TRUE(dynamic);
  EXPECT_TRUE(dynamic->instance_id.empty());
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
