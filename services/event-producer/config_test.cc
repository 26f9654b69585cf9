#include "config.h"

#include "common/env.h"
#include "common/errors.h"

#include <gtest/gtest.h>

#include <map>

namespace tracker::event_producer {
namespace {

common::Result<Config> load(std::map<std::string, std::string> variables) {
  variables.try_emplace("TRACKER_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  variables.try_emplace("TRACKER_REGISTRY_URL", "http://127.0.0.1:18081");
  return loadConfig(common::envFromMap(std::move(variables)));
}

TEST(ConfigTest, Defaults) {
  const auto config = load({});
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 18080);
  EXPECT_EQ(config->threads, 2u);
  EXPECT_EQ(config->topic, "user-behavior-events");
  EXPECT_TRUE(config->auto_register);
  EXPECT_TRUE(config->api_keys.empty());
  EXPECT_EQ(config->rate_limit, 0);
  EXPECT_EQ(config->linger_ms, 5);
  EXPECT_EQ(config->queue_max_messages, 100000);
  EXPECT_EQ(config->queue_max_kbytes, 65536);
  EXPECT_EQ(config->message_timeout_ms, 30000);
  EXPECT_EQ(config->compression, "lz4");
  EXPECT_EQ(config->max_body_bytes, 4u * 1024 * 1024);
  EXPECT_EQ(config->max_items, 500u);
}

TEST(ConfigTest, RequiredVariables) {
  for (const char* name : {"TRACKER_KAFKA_BOOTSTRAP", "TRACKER_REGISTRY_URL"}) {
    const auto config = load({{name, ""}});
    ASSERT_FALSE(config) << name;
    EXPECT_EQ(config.error().code, common::errc::kInvalidEnvironment);
    EXPECT_NE(config.error().message.find(name), std::string::npos);
  }
}

TEST(ConfigTest, ReadsEverything) {
  const auto config = load({{"TRACKER_PRODUCER_HOST", "0.0.0.0"},
                            {"TRACKER_PRODUCER_PORT", "28080"},
                            {"TRACKER_PRODUCER_THREADS", "4"},
                            {"TRACKER_TOPIC", "t"},
                            {"TRACKER_PRODUCER_AUTO_REGISTER", "false"},
                            {"TRACKER_PRODUCER_API_KEYS", "a, b"},
                            {"TRACKER_PRODUCER_RATE_LIMIT", "1000"},
                            {"TRACKER_PRODUCER_MAX_BODY_BYTES", "2048"},
                            {"TRACKER_PRODUCER_MAX_ITEMS", "10"},
                            {"TRACKER_PRODUCER_LINGER_MS", "20"},
                            {"TRACKER_PRODUCER_QUEUE_MAX_MESSAGES", "50"},
                            {"TRACKER_PRODUCER_QUEUE_MAX_KBYTES", "1024"},
                            {"TRACKER_PRODUCER_MESSAGE_TIMEOUT_MS", "5000"},
                            {"TRACKER_EVENT_TYPES_EXTRA", "bookmark"}});
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->port, 28080);
  EXPECT_EQ(config->threads, 4u);
  EXPECT_EQ(config->topic, "t");
  EXPECT_FALSE(config->auto_register);
  EXPECT_EQ(config->api_keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(config->rate_limit, 1000);
  EXPECT_EQ(config->rate_burst, 1000);
  EXPECT_EQ(config->max_body_bytes, 2048u);
  EXPECT_EQ(config->max_items, 10u);
  EXPECT_EQ(config->linger_ms, 20);
  EXPECT_EQ(config->queue_max_messages, 50);
  EXPECT_EQ(config->queue_max_kbytes, 1024);
  EXPECT_EQ(config->message_timeout_ms, 5000);
  EXPECT_EQ(config->catalogue.extra_types, "bookmark");
}

TEST(ConfigTest, BurstDefaultsToAtLeastOneFullBatch) {
  const auto config = load({{"TRACKER_PRODUCER_RATE_LIMIT", "5"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->rate_burst, 500);
  EXPECT_FALSE(load({{"TRACKER_PRODUCER_RATE_LIMIT", "5"}, {"TRACKER_PRODUCER_RATE_BURST", "10"}}));
}

TEST(ConfigTest, MalformedValuesNameTheVariable) {
  const std::map<std::string, std::string> bad[] = {
      {{"TRACKER_PRODUCER_PORT", "80x"}},
      {{"TRACKER_PRODUCER_PORT", "70000"}},
      {{"TRACKER_PRODUCER_THREADS", "0"}},
      {{"TRACKER_PRODUCER_AUTO_REGISTER", "maybe"}},
      {{"TRACKER_PRODUCER_RATE_LIMIT", "-1"}},
      {{"TRACKER_PRODUCER_MAX_ITEMS", "0"}},
      {{"TRACKER_PRODUCER_MESSAGE_TIMEOUT_MS", "10"}},
  };
  for (const auto& variables : bad) {
    const auto config = load(variables);
    ASSERT_FALSE(config) << variables.begin()->first << "=" << variables.begin()->second;
    EXPECT_EQ(config.error().code, common::errc::kInvalidEnvironment);
    EXPECT_NE(config.error().message.find(variables.begin()->first), std::string::npos);
  }
}

TEST(ConfigTest, BadEventTypeIsRefusedAtStart) {
  const auto config = load({{"TRACKER_EVENT_TYPES_EXTRA", "Not-Snake"}});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, common::errc::kInvalidEnvironment);
}

}  // namespace
}  // namespace tracker::event_producer
