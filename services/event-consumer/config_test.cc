#include "config.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

namespace tracker::event_consumer {
namespace {

EnvLookup envOf(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

std::map<std::string, std::string> minimal() {
  return {{"TRACKER_KAFKA_BOOTSTRAP", "k:9092"},
          {"TRACKER_REGISTRY_URL", "http://r"},
          {"TRACKER_PG_DSN", "postgresql://x"},
          {"TRACKER_SEARCH_URL", "http://s:9200/"}};
}

TEST(ConfigTest, DefaultsFromTheBrief) {
  auto config = loadConfig(envOf(minimal()));
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->topic, "user-behavior-events");
  EXPECT_EQ(config->dlt_topic, "user-behavior-events-DLT");
  EXPECT_EQ(config->group, "event-consumer");
  EXPECT_EQ(config->port, 18090);
  EXPECT_EQ(config->sinks, (SinkSelection{true, true}));
  EXPECT_EQ(config->search_url, "http://s:9200");
  EXPECT_TRUE(config->instance_id.empty());
  EXPECT_EQ(config->group_protocol, GroupProtocol::kClassic);
  EXPECT_FALSE(config->heartbeat_interval_ms);
}

TEST(ConfigTest, ReadsTheGroupProtocolAndHeartbeat) {
  auto values = minimal();
  values["TRACKER_CONSUMER_GROUP_PROTOCOL"] = "consumer";
  values["TRACKER_CONSUMER_SESSION_TIMEOUT_MS"] = "6000";
  values["TRACKER_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "1000";
  values["TRACKER_CONSUMER_INSTANCE_ID"] = "pod-1";
  auto config = loadConfig(envOf(values));
  ASSERT_TRUE(config) << config.error().toString();
  const GroupSettings expected{"event-consumer", GroupProtocol::kConsumer, "pod-1", 6'000, 1'000};
  const GroupSettings settings = groupSettings(*config);
  EXPECT_EQ(settings.group, expected.group);
  EXPECT_EQ(settings.protocol, expected.protocol);
  EXPECT_EQ(settings.instance_id, expected.instance_id);
  EXPECT_EQ(settings.session_timeout_ms, expected.session_timeout_ms);
  EXPECT_EQ(settings.heartbeat_interval_ms, expected.heartbeat_interval_ms);
}

TEST(ConfigTest, ReadsEveryVariable) {
  auto values = minimal();
  values["TRACKER_CONSUMER_GROUP"] = "analytics";
  values["TRACKER_CONSUMER_INSTANCE_ID"] = "pod-1";
  values["TRACKER_CONSUMER_PORT"] = "28090";
  values["TRACKER_CONSUMER_BATCH_SIZE"] = "50";
  values["TRACKER_CONSUMER_BATCH_MAX_WAIT_MS"] = "20";
  values["TRACKER_CONSUMER_RETRY_ATTEMPTS"] = "3";
  values["TRACKER_CONSUMER_RETRY_INITIAL_MS"] = "10";
  values["TRACKER_CONSUMER_RETRY_MAX_MS"] = "40";
  auto config = loadConfig(envOf(values));
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->group, "analytics");
  EXPECT_EQ(config->instance_id, "pod-1");
  EXPECT_EQ(config->port, 28090);
  EXPECT_EQ(config->batch_size, 50u);
  EXPECT_EQ(config->batch_max_wait_ms, 20);
  EXPECT_EQ(config->retry_attempts, 3);
  EXPECT_EQ(config->retry_backoff.initial, std::chrono::milliseconds(10));
  EXPECT_EQ(config->retry_backoff.max, std::chrono::milliseconds(40));
}

TEST(ConfigTest, PostgresOnlyGroupNeedsNoSearchUrl) {
  auto values = minimal();
  values.erase("TRACKER_SEARCH_URL");
  values["TRACKER_CONSUMER_SINKS"] = "postgres";
  auto config = loadConfig(envOf(values));
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->sinks, (SinkSelection{true, false}));
}

TEST(ConfigTest, RefusesBadValues) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"TRACKER_CONSUMER_SINKS", "postgres,kafka"},
           {"TRACKER_CONSUMER_SINKS", ","},
           {"TRACKER_CONSUMER_PORT", "70000"},
           {"TRACKER_CONSUMER_BATCH_SIZE", "0"},
           {"TRACKER_CONSUMER_RETRY_ATTEMPTS", "many"},
           {"TRACKER_CONSUMER_RETRY_MAX_MS", "1"},
           {"TRACKER_CONSUMER_GROUP_PROTOCOL", "kip848"},
           {"TRACKER_CONSUMER_HEARTBEAT_INTERVAL_MS", "45000"}}) {
    auto values = minimal();
    values[name] = value;
    auto config = loadConfig(envOf(values));
    ASSERT_FALSE(config) << name << "=" << value;
    EXPECT_NE(config.error().message.find(name), std::string::npos) << config.error().message;
  }
}

TEST(ConfigTest, RequiresTheConnections) {
  for (const char* name : {"TRACKER_KAFKA_BOOTSTRAP", "TRACKER_REGISTRY_URL", "TRACKER_PG_DSN",
                           "TRACKER_SEARCH_URL"}) {
    auto values = minimal();
    values.erase(name);
    auto config = loadConfig(envOf(values));
    ASSERT_FALSE(config) << name;
    EXPECT_NE(config.error().message.find(name), std::string::npos);
  }
}

TEST(ConfigTest, InstanceNameIsTheNameElseTheInstanceIdElseHostPortPid) {
  Config config;
  config.port = 18090;
  EXPECT_EQ(instanceName(config, "box", 42), "box:18090:42");
  config.instance_id = "static-1";
  EXPECT_EQ(instanceName(config, "box", 42), "static-1");
  config.name = "consumer-a-1";
  EXPECT_EQ(instanceName(config, "box", 42), "consumer-a-1");
}

}  // namespace
}  // namespace tracker::event_consumer
