#pragma once

// The consumer thread: one librdkafka group member (incremental rebalances: cooperative-sticky
// under the classic protocol, or KIP-848's consumer protocol; manual commits) that polls records
// into batches, hands each batch to the BatchProcessor (decode, sinks, retries, dead letters) and
// applies its plan: commit past finished records, pause and rewind partitions with unfinished
// ones, pause everything while a dependency is down and probe it. README.md describes the data
// flow and the three kinds of failure.

#include "backoff.h"
#include "batch_processor.h"
#include "consumer_status.h"
#include "dead_letter.h"
#include "event_decoder.h"
#include "fault_injection.h"
#include "kafka/consumer.h"
#include "partition_book.h"
#include "record.h"
#include "sink.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace tracker::event_consumer {

/// How the loop batches and retries.
struct LoopOptions {
  std::string topic;
  std::size_t batch_size = 500;
  std::chrono::milliseconds batch_max_wait{200};
  /// Attempts of a record-level transient failure before it is dead-lettered.
  int retry_attempts = 5;
  BackoffPolicy retry_backoff{};
  BackoffPolicy outage_backoff{};
  std::chrono::milliseconds dead_letter_timeout{30'000};
};

/// What the loop works with. Everything referenced must outlive the loop.
struct LoopDependencies {
  serde::Deserializer<::events::UserBehaviorKey>* key_deserializer = nullptr;
  serde::Deserializer<::events::UserBehaviorEvent>* value_deserializer = nullptr;
  const events::Catalogue* catalogue = nullptr;
  /// The sinks this group writes, in order (a record reaches a sink once the ones before took it).
  std::vector<Sink*> sinks;
  DeadLetterPublisher* dead_letters = nullptr;
  ConsumerStatus* status = nullptr;
  /// Test-only failures (TRACKER_CONSUMER_FAULTS): each sink is wrapped in a FaultInjectingSink.
  /// Null or empty = none.
  const FaultInjector* faults = nullptr;
  /// Succeeds when the schema registry answers (probed while decoding is paused by its outage).
  std::function<common::Result<void>()> registry_probe;
};

/// Owns the consumer and its thread. start() once, stop() once (the destructor stops too).
class ConsumerLoop {
 public:
  ConsumerLoop(LoopOptions options, LoopDependencies dependencies);
  ~ConsumerLoop();

  ConsumerLoop(const ConsumerLoop&) = delete;
  ConsumerLoop& operator=(const ConsumerLoop&) = delete;

  /// Creates the consumer from `kafka` (bootstrap and the membership: groupClientSettings() in
  /// group_settings.h; the loop disables auto-commit), subscribes and starts the thread.
  common::Result<void> start(kafka::ConfigMap kafka);

  /// Stops intake, finishes and commits the batch in hand (if the sinks allow), leaves the group
  /// and joins the thread. Idempotent.
  void stop();

 private:
  // librdkafka's rebalance callback, kept out of the public interface (consumer_partitions.cc).
  class RebalanceAdapter;
  struct Outage {
    Dependency dependency = Dependency::kPostgres;
    std::string message;
    int probes = 0;
    std::chrono::steady_clock::time_point next_probe;
  };

  void run();
  void collectBatch();
  // Processes pending_ entirely and applies the plan.
  void processPending();
  void applyPlan(const BatchPlan& plan);
  void enterOutage(Dependency dependency, const std::string& message);
  void handleOutage();
  common::Result<void> probe(Dependency dependency);
  void resumeDueRetries();

  // The partition and group side (consumer_partitions.cc).
  void onRebalance(RdKafka::KafkaConsumer& consumer, RdKafka::ErrorCode error,
                   std::vector<RdKafka::TopicPartition*>& partitions);
  void onAssigned(RdKafka::KafkaConsumer& consumer, bool cooperative,
                  std::vector<RdKafka::TopicPartition*>& partitions);
  void onRevoked(RdKafka::KafkaConsumer& consumer, bool cooperative,
                 std::vector<RdKafka::TopicPartition*>& partitions, bool lost);
  // Commits `offsets` together with those a refused commit still owes (partition_book.h).
  void commit(std::map<std::int32_t, std::int64_t> offsets);
  // Sends the owed offsets again, at most once a second.
  void retryRefusedCommits();
  void pausePartitions(const std::vector<std::int32_t>& partitions);
  void resumePartitions(const std::vector<std::int32_t>& partitions);
  void seekPartition(std::int32_t partition, std::int64_t offset);
  void refreshStatus(bool force);

  LoopOptions options_;
  LoopDependencies deps_;
  std::unique_ptr<RebalanceAdapter> rebalance_;
  kafka::ConsumerPtr consumer_;
  // The consumer every operation goes through; stays valid during the close() in the deleter,
  // whose final revocation runs the rebalance callback after consumer_ has been emptied.
  RdKafka::KafkaConsumer* active_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  // Consumer-thread state.
  PartitionBook book_;
  EventDecoder decoder_;
  std::vector<std::unique_ptr<FaultInjectingSink>> fault_wrappers_;
  std::unique_ptr<BatchProcessor> processor_;
  std::vector<ConsumedRecord> pending_;
  std::optional<Outage> outage_;
  std::chrono::steady_clock::time_point last_status_{};
  std::chrono::steady_clock::time_point next_commit_retry_{};
};

}  // namespace tracker::event_consumer
