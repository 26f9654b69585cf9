#pragma once

// Replay: the original key and value bytes go back to the main topic on the original partition
// number, with x-tracker-replay-of (the chain's root coordinates) and x-tracker-replay-count,
// through an idempotent producer (acks=all); a row is marked replayed only after the broker's
// acknowledgement. One replay runs at a time (people and the compensator share it); within it,
// rows go in chunks paced to the requested rate.

#include "common/result.h"
#include "dead_letter_store.h"
#include "kafka/awaited_delivery.h"
#include "kafka/config.h"
#include "kafka/producer.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tracker::event_dlt_monitor {

/// What one replay did.
struct ReplayOutcome {
  std::vector<ReplayReceipt> replayed;
  /// Claimed but not acknowledged by Kafka (put back to their status): id and reason.
  std::vector<std::pair<std::int64_t, std::string>> failed;
  /// Not new or parked any more when their turn came (someone else acted on them).
  std::vector<std::int64_t> skipped;
};

/// Counts for /metrics; written by the replayer, read by anyone.
struct ReplayCounters {
  std::atomic<std::uint64_t> replayed{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::uint64_t> compensated{0};
};

class Replayer {
 public:
  /// `kafka` holds the connection settings; replays go to `topic`. `store` must outlive it.
  static common::Result<std::unique_ptr<Replayer>> create(kafka::ConfigMap kafka, std::string topic,
                                                          DeadLetterStore& store);
  ~Replayer();

  /// Replays the rows of `ids` that are new or parked, at most `rate_per_second`, recording
  /// `actor` and `reason` in the audit trail. Fails only when the store fails before anything was
  /// claimed; what was claimed is always finished or put back.
  common::Result<ReplayOutcome> replay(const std::vector<std::int64_t>& ids,
                                       const std::string& actor,
                                       const std::optional<std::string>& reason,
                                       int rate_per_second);

  const ReplayCounters& counters() const { return counters_; }

 private:
  Replayer(std::unique_ptr<kafka::AwaitedDeliveryReports> reports, kafka::ProducerPtr producer,
           std::string topic, DeadLetterStore& store);

  // Produces one claimed chunk and waits for its acknowledgements.
  void sendChunk(const std::vector<ReplayJob>& jobs, ReplayOutcome& outcome,
                 std::vector<ReplayJob>& failed_jobs);

  std::unique_ptr<kafka::AwaitedDeliveryReports> reports_;
  kafka::ProducerPtr producer_;
  std::string topic_;
  DeadLetterStore& store_;
  std::mutex one_at_a_time_;
  ReplayCounters counters_;
};

}  // namespace tracker::event_dlt_monitor
