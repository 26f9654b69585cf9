#pragma once

// Producing a handful of records and waiting for the broker's answer to each, for callers that
// must not go on before a record is stored (the consumer's dead letters, the DLT monitor's
// replays). The producer must be created with an AwaitedDeliveryReports as its delivery-report
// callback; each report lands in the caller's Acknowledgement through the message's opaque
// pointer, so no report outlives the call.

#include "kafka/message_headers.h"

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::kafka {

/// One record to produce; the bytes are copied by produce().
struct OutgoingRecord {
  std::string_view topic;
  std::int32_t partition = 0;
  /// nullptr: a null key / value.
  const std::string* key = nullptr;
  const std::string* value = nullptr;
  Headers headers;
};

/// What became of one record.
struct Acknowledgement {
  bool done = false;
  RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
  /// librdkafka's reason; "no acknowledgement in time" when it was purged at the deadline.
  std::string error_text;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  bool ok() const { return done && error == RdKafka::ERR_NO_ERROR; }
};

/// The delivery-report callback produceAndAwait needs on its producer.
class AwaitedDeliveryReports final : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override;
};

/// Produces `records` in order (waiting for queue room rather than failing) and waits up to
/// `timeout` for every acknowledgement; what is still unanswered then is purged and reported as
/// such. One Acknowledgement per record, in order. Call from one thread at a time per producer.
std::vector<Acknowledgement> produceAndAwait(RdKafka::Producer& producer,
                                             std::span<const OutgoingRecord> records,
                                             std::chrono::milliseconds timeout);

}  // namespace tracker::kafka
