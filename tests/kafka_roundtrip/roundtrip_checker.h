#pragma once

// Bookkeeping that decides whether what was read back from Kafka matches what Kafka acknowledged.
// Pure: no Kafka types, no clock, no I/O, so every verdict is unit-tested.

#include "summary.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tracker::kafka_roundtrip {

/// One record as produced or read: which event, under which key, its per-key sequence number, and
/// where it lives in the topic.
struct RecordPosition {
  std::string event_id;
  std::string key;
  std::int64_t seq = 0;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};

/// Collects delivery reports and consumed records of one run and computes the RoundtripSummary.
///
/// Checks, in the order records are read:
/// - offsets increase strictly within each partition;
/// - for each key, seq increases strictly (judged on first sightings; a re-read copy counts as a
///   duplicate, not also as an order violation);
/// - each key lives in one partition (acks and reads together);
/// - every acknowledged event_id is read at least once, and none more than once.
/// Not thread-safe; kafka-roundtrip serves all librdkafka callbacks on its main thread.
class RoundtripChecker {
 public:
  /// Records only consumed records whose event_id starts with `event_id_prefix` count; others
  /// (for example from earlier runs on the same topic) are ignored.
  explicit RoundtripChecker(std::string event_id_prefix);

  /// A delivery report without error.
  void onAcked(const RecordPosition& record);

  /// A record that will never be acknowledged, with the reason (delivery report error or a refused
  /// produce call).
  void onFailed(const std::string& error);

  /// A record read by the consumer. Returns false if it was ignored as not belonging to this run.
  bool onConsumed(const RecordPosition& record);

  /// Number of acknowledged records so far.
  std::int64_t acked() const { return static_cast<std::int64_t>(acked_.size()); }

  /// Number of failed records so far.
  std::int64_t failed() const { return failed_; }

  /// True once every acknowledged record has been read at least once.
  bool allAckedSeen() const { return acked_seen_ == acked_.size(); }

  /// The counts so far; produced and the timings are left for the caller to fill in.
  RoundtripSummary summarize() const;

 private:
  void notePartition(const std::string& key, std::int32_t partition);

  std::string event_id_prefix_;
  std::unordered_map<std::string, RecordPosition> acked_;     // by event_id
  std::unordered_map<std::string, std::int64_t> times_read_;  // by event_id
  std::size_t acked_seen_ = 0;                                // acked event_ids read at least once
  std::int64_t failed_ = 0;
  std::map<std::string, std::int64_t> failed_errors_;
  std::int64_t consumed_ = 0;
  std::int64_t duplicates_ = 0;
  std::int64_t order_violations_ = 0;
  std::unordered_map<std::int32_t, std::int64_t> last_offset_;  // by partition
  std::unordered_map<std::string, std::int64_t> last_seq_;      // by key
  std::unordered_map<std::string, std::set<std::int32_t>> key_partitions_;
  std::set<std::int32_t> partitions_seen_;
};

}  // namespace tracker::kafka_roundtrip
