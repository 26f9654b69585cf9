#pragma once

// The membership of a group consumer as librdkafka reports it: group id, generation, member id,
// group.instance.id. Read through librdkafka's public getters (rd_kafka_consumer_group_metadata_*,
// present in 2.14; bookworm's 2.0.2 had none, and we used to parse its private serialization).

#include "common/result.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <optional>
#include <string>

namespace tracker::kafka {

/// What librdkafka knows about a consumer's membership.
struct ConsumerGroupMetadata {
  std::string group_id;
  /// The classic protocol's generation id, or the member epoch under the consumer protocol
  /// (KIP-848); -1 until the consumer has joined.
  std::int32_t generation_id = -1;
  /// Empty until the coordinator has assigned one.
  std::string member_id;
  /// group.instance.id (static membership); nullopt when not configured.
  std::optional<std::string> group_instance_id;

  friend bool operator==(const ConsumerGroupMetadata&, const ConsumerGroupMetadata&) = default;
};

/// Copies the fields of a librdkafka group metadata object (not null).
ConsumerGroupMetadata toConsumerGroupMetadata(const rd_kafka_consumer_group_metadata_t& metadata);

/// The membership of `consumer` (before the consumer has joined: generation -1, empty member id).
/// Blocks briefly: the request is served by librdkafka's main thread. Fails with
/// errc::kBadGroupMetadata when `consumer` is null or not a group consumer.
common::Result<ConsumerGroupMetadata> consumerGroupMetadata(RdKafka::KafkaConsumer* consumer);

/// The current generation id (member epoch under KIP-848) of `consumer`, or -1 when unknown (not
/// joined, no consumer). Call from the thread that owns the consumer.
std::int32_t consumerGeneration(RdKafka::KafkaConsumer* consumer);

}  // namespace tracker::kafka
