#include "kafka/consumer.h"

#include "kafka/errors.h"
#include "kafka/group_metadata.h"

#include <gtest/gtest.h>

namespace tracker::kafka {
namespace {

const ConfigMap kOffline = {{"bootstrap.servers", "127.0.0.1:1"}, {"log_level", "0"}};

TEST(CreateConsumerTest, RequiresGroupId) {
  auto consumer = createConsumer(kOffline);
  ASSERT_FALSE(consumer.has_value());
  EXPECT_EQ(consumer.error().code, errc::kClientCreation);
  EXPECT_NE(consumer.error().message.find("group.id"), std::string::npos);
}

TEST(CreateConsumerTest, CreatesAndClosesWithoutABroker) {
  ConfigMap config = kOffline;
  config["group.id"] = "consumer-test";
  auto consumer = createConsumer(config);
  ASSERT_TRUE(consumer.has_value()) << consumer.error().toString();
  consumer->reset();  // close() must return promptly even though no broker was ever reached.
}

TEST(CreateConsumerTest, GenerationIsUnknownBeforeJoining) {
  ConfigMap config = kOffline;
  config["group.id"] = "consumer-test";
  config["group.instance.id"] = "instance-1";
  auto consumer = createConsumer(config);
  ASSERT_TRUE(consumer.has_value()) << consumer.error().toString();
  auto metadata = consumerGroupMetadata(consumer->get());
  ASSERT_TRUE(metadata) << metadata.error().toString();
  EXPECT_EQ(metadata->group_id, "consumer-test");
  EXPECT_EQ(metadata->group_instance_id, "instance-1");
  EXPECT_EQ(metadata->generation_id, -1);
  EXPECT_EQ(consumerGeneration(consumer->get()), -1);
}

TEST(CreateConsumerTest, UnknownPropertyIsAnErrorValue) {
  ConfigMap config = kOffline;
  config["group.id"] = "consumer-test";
  config["auto.offset.reset"] = "sometimes";
  auto consumer = createConsumer(config);
  ASSERT_FALSE(consumer.has_value());
  EXPECT_EQ(consumer.error().code, errc::kInvalidConfig);
}

}  // namespace
}  // namespace tracker::kafka
