#pragma once

// What GET /api/status, GET /metrics and the health routes report: written by the consumer
// thread, read by the HTTP threads, behind one mutex (counters and histograms are atomics). Pure,
// so its JSON is unit-tested.

#include "metrics/metrics_registry.h"
#include "record.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// librdkafka's "no offset" (RD_KAFKA_OFFSET_INVALID).
inline constexpr std::int64_t kNoOffset = -1001;

/// One assigned partition as last seen by the consumer thread.
struct PartitionStatus {
  std::int32_t partition = 0;
  /// Last committed offset (next record to read after a restart); kNoOffset when none.
  std::int64_t committed = kNoOffset;
  /// Next offset the consumer will fetch; kNoOffset before the first fetch.
  std::int64_t position = kNoOffset;
  /// Broker's high watermark as last fetched; -1 when not known yet.
  std::int64_t high_watermark = -1;
  bool paused = false;
};

/// One rebalance as the rebalance callback saw it.
struct RebalanceEvent {
  std::int64_t time_ms = 0;
  /// "assigned", "revoked", "lost" or "error".
  std::string kind;
  /// The partitions of the callback: added (assigned) or taken away (revoked, lost).
  std::vector<std::int32_t> partitions;
  /// True when only `partitions` changed and the member kept the rest (cooperative-sticky, and
  /// always under the consumer protocol); false for an eager rebalance, which revokes everything.
  bool incremental = true;
  /// The member's partitions after the event.
  std::vector<std::int32_t> assignment{};
};

/// Counters and histograms (monotonic, thread-safe).
struct ConsumerCounters {
  ConsumerCounters();

  std::atomic<std::uint64_t> consumed{0};
  std::atomic<std::uint64_t> written_postgres{0};
  std::atomic<std::uint64_t> written_search{0};
  std::atomic<std::uint64_t> retried{0};
  std::atomic<std::uint64_t> committed_batches{0};
  /// Indexed by Stage.
  std::array<std::atomic<std::uint64_t>, 4> dead_lettered{};
  /// Seconds from a batch collected to its offsets committed (batches abandoned to an outage are
  /// not observed).
  metrics::Histogram batch_seconds;
  /// Records per batch observed in batch_seconds.
  metrics::Histogram batch_records;
  /// Seconds from a record's Kafka timestamp (the producer's produce() call while it accepted the
  /// HTTP request) to its batch finishing, one observation per record of a finished batch.
  metrics::Histogram end_to_end_seconds;
  /// The largest end-to-end latency (ms) of the last finished batch with timestamps; -1 before.
  std::atomic<std::int64_t> last_end_to_end_ms{-1};
  /// Epoch ms when that batch finished; -1 before. Read apart from last_end_to_end_ms, so a reader
  /// may pair it with the previous batch's value for a moment.
  std::atomic<std::int64_t> last_batch_at_ms{-1};

  /// One batch finished: `elapsed` from collected to committed, `records` in it.
  void recordBatch(std::chrono::nanoseconds elapsed, std::size_t records);
  /// One batch finished at `now_ms` (epoch ms) with records stamped `timestamps_ms` (epoch ms):
  /// observes each record's latency and keeps the batch's largest. A latency below zero (clocks
  /// of producer and consumer hosts apart) counts as 0. No timestamp: nothing is recorded.
  void recordEndToEnd(std::span<const std::int64_t> timestamps_ms, std::int64_t now_ms);
};

/// Thread-safe status of one consumer instance.
class ConsumerStatus {
 public:
  /// `history` bounds the rebalance events kept (oldest dropped first).
  ConsumerStatus(std::string instance, std::string group, std::string topic,
                 std::size_t history = 20);

  ConsumerCounters& counters() { return counters_; }
  const ConsumerCounters& counters() const { return counters_; }

  /// "classic" or "consumer" (group.protocol); shown as group_protocol. Empty until set.
  void setGroupProtocol(std::string protocol);
  void setMemberId(std::string member_id);
  /// The member's group generation id under classic, its member epoch under the consumer protocol
  /// (kafka::consumerGeneration() in kafka/group_metadata.h); -1 = unknown, rendered as null.
  void setGeneration(std::int32_t generation);
  void setPartitions(std::vector<PartitionStatus> partitions);
  void recordRebalance(RebalanceEvent event);
  /// A sink (postgres, search, registry, dlt) is down with `error`, or back up (nullopt).
  void setSinkDown(const std::string& sink, std::optional<std::string> error);
  /// The consumer thread started consuming (true) or ended (false).
  void setRunning(bool running);
  /// The dependencies /api/status reports under "sinks" (each up unless set down).
  void setMonitoredSinks(std::vector<std::string> sinks);

  /// Reasons the instance is not ready (empty: ready): not running, or a sink down.
  std::vector<std::string> notReadyReasons() const;
  /// False once the consumer thread has ended on its own (a fatal Kafka error).
  bool live() const;
  /// The body of GET /api/status.
  std::string renderJson() const;

  /// A consistent copy of the mutable state (for GET /metrics).
  struct Snapshot {
    std::vector<PartitionStatus> partitions;
    /// Sink → error, for the sinks currently down.
    std::map<std::string, std::string> sinks_down;
    /// Rebalances seen by kind ("assigned", "revoked", "lost", "error").
    std::map<std::string, std::uint64_t> rebalances_by_kind;
    std::int32_t generation = -1;
    bool running = false;
    /// setMonitoredSinks()'s list.
    std::vector<std::string> monitored_sinks;
  };
  Snapshot snapshot() const;

 private:
  const std::string instance_;
  const std::string group_;
  const std::string topic_;
  const std::size_t history_;
  ConsumerCounters counters_;
  mutable std::mutex mutex_;
  std::string group_protocol_;
  std::string member_id_;
  std::int32_t generation_ = -1;
  std::vector<PartitionStatus> partitions_;
  std::deque<RebalanceEvent> rebalances_;
  std::uint64_t rebalance_count_ = 0;
  std::map<std::string, std::uint64_t> rebalances_by_kind_;
  std::map<std::string, std::string> sinks_down_;
  std::vector<std::string> monitored_sinks_;
  bool running_ = false;
  bool ended_ = false;
};

}  // namespace tracker::event_consumer
