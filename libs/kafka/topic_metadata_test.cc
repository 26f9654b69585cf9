#include "kafka/topic_metadata.h"

#include "kafka/errors.h"
#include "kafka/producer.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

namespace tracker::kafka {
namespace {

using std::chrono::milliseconds;

// A producer on librdkafka's in-process mock cluster (one broker), with `topic` of `partitions`.
ProducerPtr mockProducer(const char* topic, int partitions) {
  auto producer = createProducer(
      {{"test.mock.num.brokers", "1"}, {"allow.auto.create.topics", "false"}, {"log_level", "0"}});
  if (!producer) return nullptr;
  rd_kafka_mock_cluster_t* cluster = rd_kafka_handle_mock_cluster((*producer)->c_ptr());
  if (cluster == nullptr ||
      rd_kafka_mock_topic_create(cluster, topic, partitions, 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return nullptr;
  }
  return std::move(*producer);
}

TEST(TopicPartitionCountTest, CountsThePartitionsOfAnExistingTopic) {
  const ProducerPtr producer = mockProducer("events", 3);
  ASSERT_NE(producer, nullptr);
  const auto count = topicPartitionCount(*producer, "events", milliseconds(5000));
  ASSERT_TRUE(count.has_value()) << count.error().toString();
  EXPECT_EQ(*count, 3);
}

TEST(TopicPartitionCountTest, UnknownTopicIsTopicUnavailable) {
  const ProducerPtr producer = mockProducer("events", 1);
  ASSERT_NE(producer, nullptr);
  const auto count = topicPartitionCount(*producer, "missing", milliseconds(5000));
  ASSERT_FALSE(count.has_value());
  EXPECT_EQ(count.error().code, errc::kTopicUnavailable);
}

TEST(TopicPartitionCountTest, NoBrokerIsRequestFailedWithinTheTimeout) {
  auto producer = createProducer({{"bootstrap.servers", "127.0.0.1:1"}, {"log_level", "0"}});
  ASSERT_TRUE(producer.has_value());
  const auto started = std::chrono::steady_clock::now();
  const auto count = topicPartitionCount(**producer, "events", milliseconds(300));
  ASSERT_FALSE(count.has_value());
  EXPECT_EQ(count.error().code, errc::kRequestFailed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

}  // namespace
}  // namespace tracker::kafka
