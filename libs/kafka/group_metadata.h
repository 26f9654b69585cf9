#pragma once

// The group generation id of a consumer. librdkafka 2.0.2 has no getter for it, but
// rd_kafka_consumer_group_metadata_write() serializes group id, generation id, member id and
// group.instance.id; this parses that private format (librdkafka's rdkafka_cgrp.c, "format v2"):
//
//   "CGMDv2:" | generation_id (int32, host byte order) | group_id "\0" | member_id "\0" |
//   instance_is_null (int8, 1 = no group.instance.id) | [group_instance_id "\0"]
//
// librdkafka calls the format private and version-specific: a librdkafka that writes another
// format makes the parser fail (magic or layout), and the generation reads as unknown (-1) rather
// than wrong. group_metadata_test.cc checks the parser against the installed library's writer.

#include "common/result.h"

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::kafka {

/// What librdkafka knows about a consumer's membership.
struct ConsumerGroupMetadata {
  std::string group_id;
  /// -1 until the consumer has joined (SyncGroup done).
  std::int32_t generation_id = -1;
  /// Empty until the coordinator has assigned one.
  std::string member_id;
  /// group.instance.id (static membership); nullopt when not configured.
  std::optional<std::string> group_instance_id;

  friend bool operator==(const ConsumerGroupMetadata&, const ConsumerGroupMetadata&) = default;
};

/// Parses the bytes of rd_kafka_consumer_group_metadata_write(). Fails with
/// errc::kBadGroupMetadata on a foreign magic, a missing terminator or trailing bytes.
common::Result<ConsumerGroupMetadata> parseConsumerGroupMetadata(std::string_view bytes);

/// The membership of `consumer` as librdkafka serializes it (before the consumer has joined:
/// generation -1, empty member id). Blocks briefly: the request is served by librdkafka's main
/// thread. Fails with errc::kBadGroupMetadata (see above) or when `consumer` is null.
common::Result<ConsumerGroupMetadata> consumerGroupMetadata(RdKafka::KafkaConsumer* consumer);

/// The current group generation id of `consumer`, or -1 when unknown (not joined, no consumer,
/// unreadable metadata). Call from the thread that owns the consumer.
std::int32_t consumerGeneration(RdKafka::KafkaConsumer* consumer);

}  // namespace tracker::kafka
