#include "group_settings.h"

#include "common/errors.h"
#include "kafka/config.h"
#include "kafka/consumer.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

TEST(GroupSettingsTest, ParsesBothProtocolsAndNamesTheVariableOnAnythingElse) {
  EXPECT_EQ(parseGroupProtocol("classic").value(), GroupProtocol::kClassic);
  EXPECT_EQ(parseGroupProtocol("consumer").value(), GroupProtocol::kConsumer);
  for (const char* bad : {"", "Consumer", "kip848", "cooperative-sticky"}) {
    auto parsed = parseGroupProtocol(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, common::errc::kInvalidEnvironment);
    EXPECT_NE(parsed.error().message.find("TRACKER_CONSUMER_GROUP_PROTOCOL"), std::string::npos);
  }
  EXPECT_EQ(groupProtocolName(GroupProtocol::kClassic), "classic");
  EXPECT_EQ(groupProtocolName(GroupProtocol::kConsumer), "consumer");
}

TEST(GroupSettingsTest, ClassicKeepsEverythingClientSide) {
  GroupSettings settings{"g", GroupProtocol::kClassic, "pod-1", 6'000, 1'000};
  const kafka::ConfigMap expected = {{"group.id", "g"},
                                     {"group.protocol", "classic"},
                                     {"group.instance.id", "pod-1"},
                                     {"partition.assignment.strategy", "cooperative-sticky"},
                                     {"session.timeout.ms", "6000"},
                                     {"heartbeat.interval.ms", "1000"}};
  EXPECT_EQ(groupClientSettings(settings), expected);
  EXPECT_TRUE(groupBrokerSettings(settings).empty());
  settings.heartbeat_interval_ms.reset();
  EXPECT_FALSE(groupClientSettings(settings).contains("heartbeat.interval.ms"));
}

TEST(GroupSettingsTest, ConsumerProtocolMovesTimeoutsToTheBroker) {
  GroupSettings settings{"g", GroupProtocol::kConsumer, "", 6'000, std::nullopt};
  const kafka::ConfigMap client = {{"group.id", "g"}, {"group.protocol", "consumer"}};
  EXPECT_EQ(groupClientSettings(settings), client);
  // Default heartbeat: a third of a short session, else librdkafka's classic 3 s.
  const kafka::ConfigMap broker = {{"consumer.session.timeout.ms", "6000"},
                                   {"consumer.heartbeat.interval.ms", "2000"}};
  EXPECT_EQ(groupBrokerSettings(settings), broker);
  settings.session_timeout_ms = 45'000;
  EXPECT_EQ(consumerProtocolHeartbeatMs(settings), 3'000);
  settings.heartbeat_interval_ms = 1'000;
  EXPECT_EQ(groupBrokerSettings(settings).at("consumer.heartbeat.interval.ms"), "1000");
  settings.instance_id = "pod-2";
  EXPECT_EQ(groupClientSettings(settings).at("group.instance.id"), "pod-2");
}

// librdkafka itself accepts what we give it under both protocols (it refuses session.timeout.ms,
// heartbeat.interval.ms and partition.assignment.strategy under the consumer protocol when the
// consumer is created, without contacting a broker).
TEST(GroupSettingsTest, LibrdkafkaCreatesAConsumerFromEitherProtocolsSettings) {
  for (auto protocol : {GroupProtocol::kClassic, GroupProtocol::kConsumer}) {
    kafka::ConfigMap config =
        groupClientSettings(GroupSettings{"g", protocol, "pod-1", 6'000, 1'000});
    config["bootstrap.servers"] = "127.0.0.1:1";
    auto consumer = kafka::createConsumer(config);
    ASSERT_TRUE(consumer) << groupProtocolName(protocol) << ": " << consumer.error().toString();
  }
  kafka::ConfigMap refused =
      groupClientSettings(GroupSettings{"g", GroupProtocol::kConsumer, "", 6'000, std::nullopt});
  refused["bootstrap.servers"] = "127.0.0.1:1";
  refused["session.timeout.ms"] = "6000";
  EXPECT_FALSE(kafka::createConsumer(refused));
}

}  // namespace
}  // namespace tracker::event_consumer
