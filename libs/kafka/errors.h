#pragma once

// Error codes raised by the kafka module (see common::Error::code).

#include <string_view>

namespace tracker::kafka::errc {

/// A configuration property is unknown to librdkafka or its value is rejected.
inline constexpr std::string_view kInvalidConfig = "kafka.invalid_config";

/// librdkafka refused to create a client from an otherwise valid configuration
/// (for example a consumer without group.id).
inline constexpr std::string_view kClientCreation = "kafka.client_creation";

/// An Admin API request or offset query failed or did not complete in time (broker unreachable,
/// coordinator not available, ...).
inline constexpr std::string_view kRequestFailed = "kafka.request_failed";

/// The brokers answered a metadata request, but the topic is unknown to them, carries an error or
/// has no partitions (topic_metadata.h).
inline constexpr std::string_view kTopicUnavailable = "kafka.topic_unavailable";

/// Bytes are not librdkafka's serialized consumer group metadata (group_metadata.h).
inline constexpr std::string_view kBadGroupMetadata = "kafka.bad_group_metadata";

}  // namespace tracker::kafka::errc
