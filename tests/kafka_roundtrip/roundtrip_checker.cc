#include "roundtrip_checker.h"

#include <utility>

namespace tracker::kafka_roundtrip {

RoundtripChecker::RoundtripChecker(std::string event_id_prefix)
    : event_id_prefix_(std::move(event_id_prefix)) {}

void RoundtripChecker::onAcked(const RecordPosition& record) {
  auto [it, inserted] = acked_.emplace(record.event_id, record);
  if (!inserted) return;  // librdkafka reports each message once; tolerate a repeat anyway.
  notePartition(record.key, record.partition);
  if (times_read_.contains(record.event_id)) ++acked_seen_;
}

void RoundtripChecker::onFailed(const std::string& error) {
  ++failed_;
  ++failed_errors_[error];
}

bool RoundtripChecker::onConsumed(const RecordPosition& record) {
  if (!std::string_view(record.event_id).starts_with(event_id_prefix_)) return false;
  ++consumed_;
  partitions_seen_.insert(record.partition);
  notePartition(record.key, record.partition);

  auto [last_offset, first_in_partition] =
      last_offset_.try_emplace(record.partition, record.offset);
  if (!first_in_partition) {
    if (record.offset <= last_offset->second) ++order_violations_;
    last_offset->second = record.offset;
  }

  if (++times_read_[record.event_id] > 1) {
    ++duplicates_;
    return true;
  }
  if (acked_.contains(record.event_id)) ++acked_seen_;

  auto [last_seq, first_of_key] = last_seq_.try_emplace(record.key, record.seq);
  if (!first_of_key) {
    if (record.seq <= last_seq->second) ++order_violations_;
    last_seq->second = record.seq;
  }
  return true;
}

void RoundtripChecker::notePartition(const std::string& key, std::int32_t partition) {
  key_partitions_[key].insert(partition);
}

RoundtripSummary RoundtripChecker::summarize() const {
  RoundtripSummary summary;
  summary.acked = acked();
  summary.failed = failed_;
  summary.failed_errors = failed_errors_;
  summary.consumed = consumed_;
  summary.acked_missing = static_cast<std::int64_t>(acked_.size() - acked_seen_);
  summary.duplicates = duplicates_;
  summary.order_violations = order_violations_;
  for (const auto& [key, partitions] : key_partitions_) {
    if (partitions.size() > 1) ++summary.keys_split_across_partitions;
  }
  summary.partitions_seen.assign(partitions_seen_.begin(), partitions_seen_.end());
  return summary;
}

}  // namespace tracker::kafka_roundtrip
