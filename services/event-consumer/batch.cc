#include "batch.h"

#include "errors.h"
#include "offset_plan.h"

#include <set>

namespace tracker::event_consumer {

std::vector<BatchItem> itemsOf(std::vector<ConsumedRecord> records) {
  std::vector<BatchItem> items;
  items.reserve(records.size());
  for (auto& record : records) {
    BatchItem item;
    item.record = std::move(record);
    items.push_back(std::move(item));
  }
  return items;
}

bool writable(const BatchItem& item) {
  return item.decoded && !item.dead && !item.retry && !item.held;
}

void holdBehindRetries(std::span<BatchItem> items) {
  std::set<std::int32_t> failing;
  for (BatchItem& item : items) {
    if (failing.contains(item.record.partition)) {
      if (!item.retry) item.held = true;
    } else if (item.retry) {
      failing.insert(item.record.partition);
    }
  }
}

std::vector<BatchItem*> candidatesFor(std::span<BatchItem> items, const Sink& sink) {
  std::vector<BatchItem*> candidates;
  for (BatchItem& item : items) {
    if (writable(item) && sink.takes(*item.decoded)) candidates.push_back(&item);
  }
  return candidates;
}

std::size_t applyOutcomes(std::span<BatchItem* const> written,
                          std::span<const ItemOutcome> outcomes, Stage stage,
                          std::span<BatchItem> items) {
  std::size_t done = 0;
  for (std::size_t i = 0; i < written.size() && i < outcomes.size(); ++i) {
    const ItemOutcome& outcome = outcomes[i];
    BatchItem& item = *written[i];
    switch (outcome.kind) {
      case ItemOutcome::Kind::kDone:
        ++done;
        break;
      case ItemOutcome::Kind::kRetry:
        item.retry = Failure{stage, outcome.error.code, outcome.error.message, 0};
        break;
      case ItemOutcome::Kind::kDeadLetter:
        item.dead = Failure{stage, outcome.error.code, outcome.error.message, 1};
        break;
      case ItemOutcome::Kind::kSkipped:
        item.held = true;
        break;
    }
  }
  holdBehindRetries(items);
  return done;
}

std::size_t settleAttempts(std::span<BatchItem> items, PartitionBook& book, int retry_attempts) {
  std::size_t retried = 0;
  for (BatchItem& item : items) {
    const auto partition = item.record.partition;
    const auto offset = item.record.offset;
    if (item.held) continue;
    if (!item.retry) {
      book.clearAttempts(partition, offset);
      continue;
    }
    const int attempts = book.countAttempt(partition, offset);
    if (attempts >= retry_attempts) {
      item.dead = *item.retry;
      item.dead->attempts = attempts;
      item.retry.reset();
      book.clearAttempts(partition, offset);
    } else {
      ++retried;
    }
  }
  return retried;
}

std::vector<BatchItem*> finishingItems(std::span<BatchItem> items) {
  std::set<std::int32_t> blocked;
  std::vector<BatchItem*> finishing;
  for (BatchItem& item : items) {
    if (blocked.contains(item.record.partition)) continue;
    if (item.retry || item.held) {
      blocked.insert(item.record.partition);
      continue;
    }
    finishing.push_back(&item);
  }
  return finishing;
}

std::vector<DeadLetterPublisher::Letter> lettersOf(std::span<BatchItem* const> finishing) {
  std::vector<DeadLetterPublisher::Letter> letters;
  for (const BatchItem* item : finishing) {
    if (item->dead) letters.push_back({&item->record, &*item->dead});
  }
  return letters;
}

std::optional<common::Error> markFinished(std::span<BatchItem* const> finishing,
                                          std::span<const common::Result<void>> published) {
  std::optional<common::Error> refused;
  std::set<std::int32_t> blocked;
  std::size_t letter = 0;
  for (BatchItem* item : finishing) {
    const auto partition = item->record.partition;
    if (item->dead) {
      const common::Result<void>* result = letter < published.size() ? &published[letter] : nullptr;
      ++letter;
      if (blocked.contains(partition)) continue;
      if (result == nullptr || !*result) {
        refused = result != nullptr
                      ? result->error()
                      : common::Error{std::string(errc::kDeadLetterProduceFailed), "no answer"};
        blocked.insert(partition);
        continue;
      }
    } else if (blocked.contains(partition)) {
      continue;
    }
    item->done = true;
  }
  return refused;
}

CommitPlan planCommits(std::span<const BatchItem> items, const PartitionBook& book) {
  std::vector<RecordState> states;
  states.reserve(items.size());
  for (const BatchItem& item : items) {
    states.push_back({item.record.partition, item.record.offset,
                      item.done ? Disposition::kDone : Disposition::kPending});
  }
  CommitPlan plan;
  for (const auto& [partition, partition_plan] : planPartitions(states)) {
    if (!book.assigned(partition)) continue;
    if (partition_plan.commit_offset) plan.commits[partition] = *partition_plan.commit_offset;
    if (partition_plan.first_unfinished) plan.rewind[partition] = *partition_plan.first_unfinished;
  }
  return plan;
}

std::map<std::int32_t, std::int64_t> firstOffsets(std::span<const BatchItem> items) {
  std::map<std::int32_t, std::int64_t> first;
  for (const BatchItem& item : items) first.emplace(item.record.partition, item.record.offset);
  return first;
}

}  // namespace tracker::event_consumer
