#pragma once

// A topic's partition count read from the cluster metadata, for any client handle (producer or
// consumer). One metadata request per call; the caller decides how often to ask.

#include "common/result.h"

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace tracker::kafka {

/// The number of partitions of `topic` as the cluster metadata tells within `timeout`.
/// Fails with errc::kRequestFailed when the metadata request itself fails (no broker answered in
/// time: a transient condition), or errc::kTopicUnavailable when the brokers answered but the
/// topic is unknown, has an error or has no partitions. The message holds librdkafka's reason,
/// without the topic name (callers add it to their own sentence).
common::Result<std::int32_t> topicPartitionCount(RdKafka::Handle& handle, const std::string& topic,
                                                 std::chrono::milliseconds timeout);

}  // namespace tracker::kafka
