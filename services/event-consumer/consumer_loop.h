#pragma once

// The consumer thread: one librdkafka group member (incremental rebalances: cooperative-sticky
// under the classic protocol, or KIP-848's consumer protocol; manual commits) that
// reads records one at a time, gathers them into batches, decodes and validates them, writes them
// to the sinks, dead-letters bad ones and commits only past finished records. README.md describes
// the data flow and the three kinds of failure.

#include "backoff.h"
#include "consumer_status.h"
#include "dead_letter.h"
#include "events/catalogue.h"
#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "events/validation.h"
#include "fault_injection.h"
#include "kafka/consumer.h"
#include "postgres_sink.h"
#include "record.h"
#include "search_sink.h"
#include "serde/deserializer.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace tracker::event_consumer {

/// How the loop batches and retries.
struct LoopOptions {
  std::string topic;
  std::string group;
  std::size_t batch_size = 500;
  std::chrono::milliseconds batch_max_wait{200};
  /// Attempts of a record-level transient failure before it is dead-lettered.
  int retry_attempts = 5;
  BackoffPolicy retry_backoff{};
  BackoffPolicy outage_backoff{};
  std::chrono::milliseconds dead_letter_timeout{30'000};
};

/// What the loop works with. Everything referenced must outlive the loop; sinks may be null
/// (turned off for this group).
struct LoopDependencies {
  serde::Deserializer<::events::UserBehaviorKey>* key_deserializer = nullptr;
  serde::Deserializer<::events::UserBehaviorEvent>* value_deserializer = nullptr;
  const events::Catalogue* catalogue = nullptr;
  PostgresSink* postgres = nullptr;
  SearchSink* search = nullptr;
  DeadLetterPublisher* dead_letters = nullptr;
  ConsumerStatus* status = nullptr;
  /// Test-only failures (TRACKER_CONSUMER_FAULTS); null or empty = none.
  const FaultInjector* faults = nullptr;
  /// Succeeds when the schema registry answers (probed while decoding is paused by its outage).
  std::function<common::Result<void>()> registry_probe;
};

/// Owns the consumer and its thread. start() once, stop() once (the destructor stops too).
class ConsumerLoop : public RdKafka::RebalanceCb {
 public:
  ConsumerLoop(LoopOptions options, LoopDependencies dependencies);
  ~ConsumerLoop() override;

  ConsumerLoop(const ConsumerLoop&) = delete;
  ConsumerLoop& operator=(const ConsumerLoop&) = delete;

  /// Creates the consumer from `kafka` (bootstrap and the membership: groupClientSettings() in
  /// group_settings.h; the loop disables auto-commit), subscribes and starts the thread.
  common::Result<void> start(kafka::ConfigMap kafka);

  /// Stops intake, finishes and commits the batch in hand (if the sinks allow), leaves the group
  /// and joins the thread. Idempotent.
  void stop();

  /// librdkafka's rebalance callback; runs on the consumer thread inside consume().
  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode error,
                    std::vector<RdKafka::TopicPartition*>& partitions) override;

 private:
  // A record of the batch in hand and what became of it.
  struct Item {
    ConsumedRecord record;
    std::optional<DecodedEvent> decoded;
    std::optional<Failure> dead;   // to be dead-lettered
    std::optional<Failure> retry;  // transient failure this attempt
    bool held = false;  // behind a record to retry in its partition: not written this round
    bool done = false;
  };
  struct Outage {
    std::string sink;
    std::string message;
    int probes = 0;
    std::chrono::steady_clock::time_point next_probe;
  };

  void run();
  void collectBatch();
  // Processes pending_ entirely: sinks, dead letters, commit; partitions with unfinished records
  // are paused and sought back to them (resumed after the back-off or when the outage ends).
  void processPending();
  void decode(Item& item);
  void enterOutage(const std::string& sink, const std::string& message);
  void handleOutage();
  void resumeDueRetries();
  // Commits now, or defers to after the rebalance in progress (rejoining_since_).
  void commit(const std::map<std::int32_t, std::int64_t>& offsets);
  void commitNow(const std::map<std::int32_t, std::int64_t>& offsets);
  void flushDeferredCommits();
  void pausePartitions(const std::vector<std::int32_t>& partitions);
  void resumePartitions(const std::vector<std::int32_t>& partitions);
  void seekPartition(std::int32_t partition, std::int64_t offset);
  void refreshStatus(bool force);
  void forgetPartitions(const std::vector<std::int32_t>& partitions);

  LoopOptions options_;
  LoopDependencies deps_;
  events::ValidationLimits limits_;
  kafka::ConsumerPtr consumer_;
  // The consumer every operation goes through; stays valid during the close() in the deleter,
  // whose final revocation runs rebalance_cb after consumer_ has been emptied.
  RdKafka::KafkaConsumer* active_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  // Consumer-thread state.
  std::vector<ConsumedRecord> pending_;
  std::set<std::int32_t> assigned_;
  std::set<std::int32_t> paused_;
  std::map<std::int32_t, std::chrono::steady_clock::time_point> resume_at_;
  std::map<std::pair<std::int32_t, std::int64_t>, int> attempts_;
  std::map<std::int32_t, std::int64_t> committed_;
  // Between a revocation and the assignment that completes the cooperative rebalance the group
  // rejoins and its generation moves on; librdkafka 2.0.2 treats a commit that meets the new
  // generation as a lost assignment (librdkafka #4059, fixed in 2.10). Commits wait until then.
  // librdkafka follows a cooperative revocation with an (empty) assignment in the same
  // generation, then rejoins: the window runs from the revocation to the assignment after that.
  std::optional<std::chrono::steady_clock::time_point> rejoining_since_;
  bool revocation_tail_pending_ = false;
  std::map<std::int32_t, std::int64_t> deferred_commits_;
  std::optional<Outage> outage_;
  std::chrono::steady_clock::time_point last_status_{};
};

}  // namespace tracker::event_consumer
