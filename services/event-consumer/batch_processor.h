#pragma once

// One batch from consumed records to a commit plan: decode, write to each sink in turn, settle
// the attempts of records that failed transiently, publish dead letters, and say which offsets to
// commit and which partitions to rewind. No Kafka consumer here: the poll loop applies the plan,
// so the whole pipeline runs in unit tests against fake sinks (batch_processor_test.cc).

#include "batch.h"
#include "consumer_status.h"
#include "dead_letter.h"
#include "event_decoder.h"
#include "partition_book.h"
#include "sink.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// Publishes a batch's dead letters and waits for the broker: one result per letter, in order
/// (DeadLetterPublisher::publishAll in production).
using PublishLetters = std::function<std::vector<common::Result<void>>(
    const std::vector<DeadLetterPublisher::Letter>& letters)>;

/// A dependency found down while processing.
struct OutageCause {
  Dependency dependency = Dependency::kPostgres;
  std::string message;
};

/// What the poll loop is to do after a batch.
struct BatchPlan {
  /// Offsets to commit and partitions to pause and seek back (see CommitPlan).
  CommitPlan partitions;
  /// The batch was abandoned before anything finished (an outage while decoding or writing):
  /// every assigned partition pauses and `partitions.rewind` holds each one's first record.
  bool abandoned = false;
  /// Set when a dependency is down: pause and probe it until it answers.
  std::optional<OutageCause> outage;
};

/// Runs batches; consumer thread only. Everything referenced must outlive the processor.
class BatchProcessor {
 public:
  /// `sinks` are written in this order (a record reaches the second only once the first took it).
  BatchProcessor(EventDecoder& decoder, std::vector<Sink*> sinks, PublishLetters publish,
                 PartitionBook& book, ConsumerCounters& counters, int retry_attempts);

  /// Processes `records` (in consumption order) entirely.
  BatchPlan process(std::vector<ConsumedRecord> records);

 private:
  // Each returns the dependency found down, if any (the batch is then abandoned).
  std::optional<OutageCause> decodeBatch(std::vector<BatchItem>& items);
  std::optional<OutageCause> writeTo(Sink& sink, std::vector<BatchItem>& items);
  // Publishes the dead letters of the finishing records and marks what finished.
  std::optional<OutageCause> publishDeadLetters(std::vector<BatchItem>& items);
  BatchPlan abandon(const std::vector<BatchItem>& items, OutageCause cause) const;
  void countWritten(const Sink& sink, std::size_t written);
  void logDeadLetter(const BatchItem& item);

  EventDecoder& decoder_;
  std::vector<Sink*> sinks_;
  PublishLetters publish_;
  PartitionBook& book_;
  ConsumerCounters& counters_;
  int retry_attempts_;
  // At most 20 dead-letter log lines a second (a flood of poison pills must not flood the log;
  // the counters and /metrics keep the full count).
  std::chrono::steady_clock::time_point log_window_start_{};
  int logged_in_window_ = 0;
  std::uint64_t log_suppressed_ = 0;
};

}  // namespace tracker::event_consumer
