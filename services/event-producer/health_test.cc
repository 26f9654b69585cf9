#include "health.h"

#include <gtest/gtest.h>

namespace tracker::event_producer {
namespace {

TEST(HealthStateTest, StartsNotReadyWithReasons) {
  HealthState health;
  EXPECT_TRUE(health.live());
  EXPECT_EQ(health.notReadyReasons().size(), 2u);
  ASSERT_TRUE(health.ingestUnavailable());
  EXPECT_EQ(health.ingestUnavailable()->code, ErrorCode::kNotReady);
}

TEST(HealthStateTest, ReadyWhenSchemasAndKafkaAreFine) {
  HealthState health;
  health.setSchemas(std::nullopt);
  ASSERT_TRUE(health.ingestUnavailable());
  EXPECT_EQ(health.ingestUnavailable()->code, ErrorCode::kKafkaUnavailable);
  health.setKafka(std::nullopt);
  EXPECT_TRUE(health.notReadyReasons().empty());
  EXPECT_FALSE(health.ingestUnavailable());
  EXPECT_TRUE(health.kafkaAvailable());

  health.setKafka("all Kafka brokers are down");
  EXPECT_EQ(health.notReadyReasons(), std::vector<std::string>{"all Kafka brokers are down"});
  EXPECT_EQ(health.ingestUnavailable()->code, ErrorCode::kKafkaUnavailable);
  EXPECT_FALSE(health.kafkaAvailable());
}

TEST(HealthStateTest, FatalIsNotLive) {
  HealthState health;
  health.setSchemas(std::nullopt);
  health.setKafka(std::nullopt);
  health.setFatal("sequence desync");
  EXPECT_FALSE(health.live());
  EXPECT_FALSE(health.kafkaAvailable());
  EXPECT_EQ(health.ingestUnavailable()->code, ErrorCode::kKafkaUnavailable);
}

TEST(HealthStateTest, ShuttingDownWins) {
  HealthState health;
  health.setShuttingDown();
  EXPECT_EQ(health.ingestUnavailable()->code, ErrorCode::kShuttingDown);
  EXPECT_EQ(health.notReadyReasons().front(), "shutting down");
}

}  // namespace
}  // namespace tracker::event_producer
