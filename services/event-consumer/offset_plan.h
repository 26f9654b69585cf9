#pragma once

// Offset bookkeeping: given what happened to each record of a batch, which offset each partition
// may commit and where each partition must resume. The rule that keeps at-least-once: a partition
// commits only past the leading run of finished records, never past one that is not written yet,
// even if later records of that partition happen to be written already.

#include <cstdint>
#include <map>
#include <optional>
#include <span>

namespace tracker::event_consumer {

/// What became of one record of a batch.
enum class Disposition {
  kDone,     ///< Written by every sink it goes to, or dead-lettered (DLT write acknowledged).
  kPending,  ///< Not finished: to be retried, or its batch was abandoned (outage, revocation).
};

/// One record's coordinates and fate. Within a partition, records appear in offset order.
struct RecordState {
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  Disposition disposition = Disposition::kPending;
};

/// The consequence of a batch for one partition.
struct PartitionPlan {
  /// The offset to commit (last finished offset + 1 of the leading finished run); nullopt when the
  /// partition's first record in the batch is not finished (nothing new may be committed).
  std::optional<std::int64_t> commit_offset;
  /// The first record not finished, where consumption must go back to; nullopt when all finished.
  std::optional<std::int64_t> first_unfinished;

  friend bool operator==(const PartitionPlan&, const PartitionPlan&) = default;
};

/// The plan for every partition that has records in `records`.
std::map<std::int32_t, PartitionPlan> planPartitions(std::span<const RecordState> records);

}  // namespace tracker::event_consumer
