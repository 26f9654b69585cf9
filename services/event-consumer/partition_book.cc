#include "partition_book.h"

namespace tracker::event_consumer {

void PartitionBook::assign(std::span<const std::int32_t> partitions) {
  for (auto partition : partitions) partitions_.try_emplace(partition);
}

void PartitionBook::forget(std::span<const std::int32_t> partitions) {
  for (auto partition : partitions) partitions_.erase(partition);
}

std::vector<std::int32_t> PartitionBook::partitions() const {
  std::vector<std::int32_t> numbers;
  numbers.reserve(partitions_.size());
  for (const auto& entry : partitions_) numbers.push_back(entry.first);
  return numbers;
}

const PartitionState* PartitionBook::find(std::int32_t partition) const {
  const auto found = partitions_.find(partition);
  return found == partitions_.end() ? nullptr : &found->second;
}

PartitionState* PartitionBook::findMutable(std::int32_t partition) {
  const auto found = partitions_.find(partition);
  return found == partitions_.end() ? nullptr : &found->second;
}

std::vector<std::int32_t> PartitionBook::markPaused(std::span<const std::int32_t> partitions) {
  std::vector<std::int32_t> marked;
  for (auto partition : partitions) {
    if (PartitionState* state = findMutable(partition)) {
      state->paused = true;
      marked.push_back(partition);
    }
  }
  return marked;
}

std::vector<std::int32_t> PartitionBook::markResumed(std::span<const std::int32_t> partitions) {
  std::vector<std::int32_t> marked;
  for (auto partition : partitions) {
    PartitionState* state = findMutable(partition);
    if (state == nullptr || !state->paused) continue;
    state->paused = false;
    marked.push_back(partition);
  }
  return marked;
}

bool PartitionBook::paused(std::int32_t partition) const {
  const PartitionState* state = find(partition);
  return state != nullptr && state->paused;
}

void PartitionBook::resumeAt(std::int32_t partition, TimePoint when) {
  if (PartitionState* state = findMutable(partition)) state->resume_at = when;
}

std::vector<std::int32_t> PartitionBook::takeDueRetries(TimePoint now) {
  std::vector<std::int32_t> due;
  for (auto& [partition, state] : partitions_) {
    if (state.resume_at && *state.resume_at <= now) {
      state.resume_at.reset();
      due.push_back(partition);
    }
  }
  return due;
}

std::vector<std::int32_t> PartitionBook::pausedWithoutRetry() const {
  std::vector<std::int32_t> held;
  for (const auto& [partition, state] : partitions_) {
    if (state.paused && !state.resume_at) held.push_back(partition);
  }
  return held;
}

int PartitionBook::attempts(std::int32_t partition, std::int64_t offset) const {
  const PartitionState* state = find(partition);
  if (state == nullptr) return 0;
  const auto found = state->attempts.find(offset);
  return found == state->attempts.end() ? 0 : found->second;
}

int PartitionBook::countAttempt(std::int32_t partition, std::int64_t offset) {
  PartitionState* state = findMutable(partition);
  if (state == nullptr) return 1;  // not ours (any more): nothing to remember
  return ++state->attempts[offset];
}

void PartitionBook::clearAttempts(std::int32_t partition, std::int64_t offset) {
  if (PartitionState* state = findMutable(partition)) state->attempts.erase(offset);
}

void PartitionBook::setCommitted(std::int32_t partition, std::int64_t offset) {
  PartitionState* state = findMutable(partition);
  if (state == nullptr) return;
  state->committed = offset;
  if (state->uncommitted && *state->uncommitted <= offset) state->uncommitted.reset();
}

void PartitionBook::setUncommitted(std::int32_t partition, std::int64_t offset) {
  if (PartitionState* state = findMutable(partition)) state->uncommitted = offset;
}

std::map<std::int32_t, std::int64_t> PartitionBook::uncommitted() const {
  std::map<std::int32_t, std::int64_t> owed;
  for (const auto& [partition, state] : partitions_) {
    if (state.uncommitted) owed[partition] = *state.uncommitted;
  }
  return owed;
}

std::optional<std::int64_t> PartitionBook::committed(std::int32_t partition) const {
  const PartitionState* state = find(partition);
  return state == nullptr ? std::nullopt : state->committed;
}

}  // namespace tracker::event_consumer
