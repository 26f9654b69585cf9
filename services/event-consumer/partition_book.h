#pragma once

// What the consumer thread knows about each partition it owns: whether this loop paused it, when
// a paused partition is due to resume (retry back-off), how often each of its records has been
// tried, and the last committed offset. One entry per assigned partition, so forgetting a
// partition forgets everything about it at once.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace tracker::event_consumer {

/// The state of one assigned partition.
struct PartitionState {
  /// Paused by this loop (retry back-off or outage); only these are ever resumed.
  bool paused = false;
  /// When a paused partition resumes by itself (retry back-off); nullopt = when the outage ends.
  std::optional<std::chrono::steady_clock::time_point> resume_at;
  /// Attempts so far of records that failed transiently, by offset.
  std::map<std::int64_t, int> attempts;
  /// Last committed offset (the next record to read), when known.
  std::optional<std::int64_t> committed;
  /// An offset whose commit the broker refused (say, while the group was rebalancing): the records
  /// are written, so it goes out again with the next commit, at the latest before the partition
  /// is given away.
  std::optional<std::int64_t> uncommitted;
};

/// The partitions this member owns. Not thread-safe: the consumer thread's.
/// Operations on a partition that is not assigned do nothing (and ask nothing of Kafka).
class PartitionBook {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  /// Adds `partitions` (kept as they are when already assigned).
  void assign(std::span<const std::int32_t> partitions);
  /// Forgets `partitions` and all that was known about them.
  void forget(std::span<const std::int32_t> partitions);
  /// Forgets every partition.
  void clear() { partitions_.clear(); }

  bool assigned(std::int32_t partition) const { return partitions_.contains(partition); }
  /// The assigned partitions, ascending.
  std::vector<std::int32_t> partitions() const;
  /// The state of an assigned partition, or null.
  const PartitionState* find(std::int32_t partition) const;

  /// Marks the assigned ones of `partitions` paused and returns them (what to pause in Kafka).
  std::vector<std::int32_t> markPaused(std::span<const std::int32_t> partitions);
  /// Marks the ones of `partitions` this loop paused as running and returns them (what to resume
  /// in Kafka); a partition that was not paused here is left alone.
  std::vector<std::int32_t> markResumed(std::span<const std::int32_t> partitions);
  bool paused(std::int32_t partition) const;

  /// `partition` resumes at `when` (retry back-off).
  void resumeAt(std::int32_t partition, TimePoint when);
  /// The partitions whose resume time has come; their resume time is cleared.
  std::vector<std::int32_t> takeDueRetries(TimePoint now);
  /// Paused partitions without a resume time: those an outage holds.
  std::vector<std::int32_t> pausedWithoutRetry() const;

  /// Attempts so far of the record at `offset` (0 when it never failed).
  int attempts(std::int32_t partition, std::int64_t offset) const;
  /// Counts one more failed attempt of the record and returns the total.
  int countAttempt(std::int32_t partition, std::int64_t offset);
  /// The record is finished (or given up on): its count goes.
  void clearAttempts(std::int32_t partition, std::int64_t offset);

  /// The commit of `offset` succeeded (an uncommitted offset up to it is settled too).
  void setCommitted(std::int32_t partition, std::int64_t offset);
  std::optional<std::int64_t> committed(std::int32_t partition) const;
  /// The commit of `offset` failed: remember it for the next commit.
  void setUncommitted(std::int32_t partition, std::int64_t offset);
  /// The offsets whose commit failed and is still owed, by partition.
  std::map<std::int32_t, std::int64_t> uncommitted() const;

 private:
  PartitionState* findMutable(std::int32_t partition);

  std::map<std::int32_t, PartitionState> partitions_;
};

}  // namespace tracker::event_consumer
