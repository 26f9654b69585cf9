#pragma once

// Dead letters: the headers that explain why a record was given up on (Spring Kafka's
// kafka_dlt-* names, so Spring applications can read our DLT, plus our own x-tracker-*), and the
// publisher that writes the original key and value bytes to the DLT partition of the same number
// and waits for the broker's acknowledgement.

#include "common/result.h"
#include "kafka/awaited_delivery.h"
#include "kafka/producer.h"
#include "record.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::event_consumer {

/// Why a record is dead-lettered.
struct Failure {
  Stage stage = Stage::kDecode;
  /// Machine code, e.g. "serde.bad_magic", "events.missing_field",
  /// "search.mapper_parsing_exception".
  std::string code;
  std::string message;
  /// How many times processing was tried (1 for bad input, which is never retried).
  int attempts = 1;
};

/// The dead-letter headers for `record` failing with `failure` in consumer group `group`: first
/// the record's own headers (as Spring's DeadLetterPublishingRecoverer keeps them, so a replayed
/// record's x-tracker-replay-* reach the DLT), except earlier dead-letter headers (kafka_dlt-*,
/// x-tracker-stage/error-code/attempts), which this failure's replace. Encodings follow Spring
/// Kafka's DeadLetterPublishingRecoverer: original-partition is a 4-byte big-endian int,
/// original-offset and original-timestamp 8-byte big-endian longs, the rest UTF-8 text. Ours:
/// x-tracker-stage (decode/validate/postgres/search), x-tracker-error-code and x-tracker-attempts
/// (decimal text). The exception message is cut to 4 KiB at a UTF-8 boundary.
HeaderList deadLetterHeaders(const ConsumedRecord& record, const Failure& failure,
                             const std::string& group);

/// The Java-style class name Spring readers expect in kafka_dlt-exception-fqcn, per stage.
std::string exceptionClassName(Stage stage);

/// The header a cut-down dead letter carries: the original sizes ("key K bytes, value V bytes,
/// H headers dropped").
inline constexpr std::string_view kTruncatedHeader = "x-tracker-truncated";
/// What a cut-down dead letter keeps of the original's key and value.
inline constexpr std::size_t kTruncatedKeyBytes = 4 * 1024;
inline constexpr std::size_t kTruncatedValueBytes = 64 * 1024;

/// True for librdkafka's and the broker's "record too large" errors.
bool isTooLarge(RdKafka::ErrorCode error);

/// `record` cut down to fit any DLT: the first kTruncatedKeyBytes of its key and
/// kTruncatedValueBytes of its value, its own headers replaced by one kTruncatedHeader that gives
/// the original sizes. Same coordinates and timestamp.
ConsumedRecord truncatedForDlt(const ConsumedRecord& record);

/// Writes dead letters with an idempotent producer (acks=all) and waits for each acknowledgement,
/// so the consumer never commits past a record whose dead letter is not stored. Used from the
/// consumer thread only.
class DeadLetterPublisher {
 public:
  /// Creates the producer. `kafka` holds the connection settings (bootstrap.servers, ...).
  static common::Result<std::unique_ptr<DeadLetterPublisher>> create(kafka::ConfigMap kafka,
                                                                     std::string dlt_topic,
                                                                     std::string group);

  ~DeadLetterPublisher();

  /// Fails with "dead_letter.partition_count" when the DLT has fewer partitions than `topic` (a
  /// dead letter must land on its original's partition number), or "dead_letter.metadata" when the
  /// broker cannot tell within `timeout`.
  common::Result<void> checkPartitions(const std::string& topic, std::chrono::milliseconds timeout);

  /// One dead letter of a batch.
  struct Letter {
    const ConsumedRecord* record = nullptr;
    const Failure* failure = nullptr;
  };
  /// Produces each letter's key and value bytes to the DLT partition `record->partition` with the
  /// headers of its failure (in order: the idempotent producer keeps it per partition), then
  /// waits up to `timeout` for all acknowledgements at once. A letter refused as too large is sent
  /// again cut down (truncatedForDlt), so a record near the size limit cannot block its partition
  /// for ever. One result per letter; a failed one is "dead_letter.produce_failed" (the caller
  /// treats that as an outage: pause, probe the DLT, retry).
  std::vector<common::Result<void>> publishAll(const std::vector<Letter>& letters,
                                               std::chrono::milliseconds timeout);

 private:
  DeadLetterPublisher(std::unique_ptr<kafka::AwaitedDeliveryReports> reports,
                      kafka::ProducerPtr producer, std::string dlt_topic, std::string group);

  std::unique_ptr<kafka::AwaitedDeliveryReports> reports_;
  kafka::ProducerPtr producer_;
  std::string dlt_topic_;
  std::string group_;
};

}  // namespace tracker::event_consumer
