#pragma once

// Ownership and waiting for librdkafka's C Admin API (rdkafka.h), which librdkafka's C++ API (2.14
// included) does not wrap: unique_ptr deleters for the C objects, and one bounded wait for
// an admin result. Admin calls run on any client handle (RdKafka::Handle::c_ptr()).

#include "common/result.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>

namespace tracker::kafka {

/// Frees a librdkafka C object with its own destroy function; null is ignored.
struct RdKafkaDeleter {
  void operator()(rd_kafka_AdminOptions_t* options) const;
  void operator()(rd_kafka_queue_t* queue) const;
  void operator()(rd_kafka_event_t* event) const;
  void operator()(rd_kafka_error_t* error) const;
  void operator()(rd_kafka_topic_partition_list_t* list) const;
  void operator()(rd_kafka_ListConsumerGroupOffsets_t* request) const;
  void operator()(rd_kafka_consumer_group_metadata_t* metadata) const;
};

/// Owns a librdkafka C object, e.g. RdKafkaPtr<rd_kafka_event_t>.
template <typename T>
using RdKafkaPtr = std::unique_ptr<T, RdKafkaDeleter>;

/// Admin options for `operation` on `client` with a request timeout of `timeout` (at least 1 ms).
/// Null only if librdkafka refuses the timeout, which it does not for positive values.
RdKafkaPtr<rd_kafka_AdminOptions_t> makeAdminOptions(rd_kafka_t* client,
                                                     rd_kafka_admin_op_t operation,
                                                     std::chrono::milliseconds timeout);

/// Waits up to `timeout` for the next event of type `expected` on `queue` (a queue made for one
/// or more admin requests), skipping any other event. Fails with errc::kRequestFailed when none
/// arrives in time or when the event carries a request-level error (its message included).
common::Result<RdKafkaPtr<rd_kafka_event_t>> awaitAdminResult(rd_kafka_queue_t* queue,
                                                              rd_kafka_event_type_t expected,
                                                              std::chrono::milliseconds timeout);

}  // namespace tracker::kafka
