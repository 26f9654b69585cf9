#include "kafka/group_metadata.h"

#include "kafka/admin.h"
#include "kafka/errors.h"

namespace tracker::kafka {
namespace {

common::Result<ConsumerGroupMetadata> bad(std::string message) {
  return common::makeError(std::string(errc::kBadGroupMetadata), std::move(message));
}

// librdkafka's getters return null for an unset string.
std::string orEmpty(const char* text) {
  return text == nullptr ? std::string() : std::string(text);
}

}  // namespace

ConsumerGroupMetadata toConsumerGroupMetadata(const rd_kafka_consumer_group_metadata_t& metadata) {
  const char* instance = rd_kafka_consumer_group_metadata_group_instance_id(&metadata);
  return ConsumerGroupMetadata{
      orEmpty(rd_kafka_consumer_group_metadata_group_id(&metadata)),
      rd_kafka_consumer_group_metadata_generation_id(&metadata),
      orEmpty(rd_kafka_consumer_group_metadata_member_id(&metadata)),
      instance == nullptr ? std::nullopt : std::optional<std::string>(instance)};
}

common::Result<ConsumerGroupMetadata> consumerGroupMetadata(RdKafka::KafkaConsumer* consumer) {
  if (consumer == nullptr) return bad("no consumer");
  RdKafkaPtr<rd_kafka_consumer_group_metadata_t> metadata(
      rd_kafka_consumer_group_metadata(consumer->c_ptr()));
  if (!metadata) return bad("the client is not a group consumer");
  return toConsumerGroupMetadata(*metadata);
}

std::int32_t consumerGeneration(RdKafka::KafkaConsumer* consumer) {
  auto metadata = consumerGroupMetadata(consumer);
  return metadata ? metadata->generation_id : -1;
}

}  // namespace tracker::kafka
