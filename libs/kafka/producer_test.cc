#include "kafka/producer.h"

#include "kafka/errors.h"

#include <gtest/gtest.h>

namespace tracker::kafka {
namespace {

// No broker listens on port 1; clients are created and destroyed without ever connecting.
const ConfigMap kOffline = {{"bootstrap.servers", "127.0.0.1:1"}, {"log_level", "0"}};

TEST(ReliableProducerConfigTest, ForcesIdempotenceAndAcksAll) {
  ConfigMap config = kOffline;
  config["acks"] = "1";
  config["enable.idempotence"] = "false";
  config["linger.ms"] = "5";
  const ConfigMap reliable = reliableProducerConfig(config);
  EXPECT_EQ(reliable.at("acks"), "all");
  EXPECT_EQ(reliable.at("enable.idempotence"), "true");
  EXPECT_EQ(reliable.at("linger.ms"), "5");
  EXPECT_EQ(reliable.at("bootstrap.servers"), "127.0.0.1:1");
}

TEST(CreateProducerTest, CreatesWithoutABroker) {
  ConfigMap config = kOffline;
  config["partitioner"] = std::string(kJavaCompatiblePartitioner);
  auto producer = createReliableProducer(config);
  ASSERT_TRUE(producer.has_value()) << producer.error().toString();
  EXPECT_NE(*producer, nullptr);
}

TEST(CreateProducerTest, InvalidConfigIsAnErrorValue) {
  ConfigMap config = kOffline;
  config["acks"] = "most";
  auto producer = createProducer(config);
  ASSERT_FALSE(producer.has_value());
  EXPECT_EQ(producer.error().code, errc::kInvalidConfig);
  EXPECT_NE(producer.error().message.find("acks"), std::string::npos);
}

}  // namespace
}  // namespace tracker::kafka
