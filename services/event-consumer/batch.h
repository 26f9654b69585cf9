#pragma once

// A batch in hand and the decisions made about it, as pure functions over its items (no Kafka,
// no sink, no clock), in the spirit of offset_plan.h. BatchProcessor strings them together:
// decode → each sink → settleAttempts → finishingItems / markFinished (dead letters) →
// planCommits.

#include "dead_letter.h"
#include "partition_book.h"
#include "record.h"
#include "sink.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace tracker::event_consumer {

/// One record of the batch in hand and what became of it so far.
struct BatchItem {
  ConsumedRecord record;
  /// Set when the record decoded and validated.
  std::optional<DecodedEvent> decoded;
  /// To be dead-lettered.
  std::optional<Failure> dead;
  /// A transient failure this round: the record is tried again later.
  std::optional<Failure> retry;
  /// Behind a record to retry in its partition: not written this round, read again later.
  bool held = false;
  /// Finished: written everywhere it goes, or its dead letter acknowledged.
  bool done = false;
};

/// The batch's records as items, in the order they were consumed.
std::vector<BatchItem> itemsOf(std::vector<ConsumedRecord> records);

/// Whether `item` still goes on to the next sink this round.
bool writable(const BatchItem& item);

/// A record to retry holds back the later records of its partition, so that they reach the sinks
/// after it (order within the partition); they are read again after the retry.
void holdBehindRetries(std::span<BatchItem> items);

/// The items `sink` is to write this round, in order: writable ones it takes.
std::vector<BatchItem*> candidatesFor(std::span<BatchItem> items, const Sink& sink);

/// Records the sink's answer for each of `written` (failures reported at `stage`), then holds
/// the records behind new retries. Returns how many were done.
std::size_t applyOutcomes(std::span<BatchItem* const> written,
                          std::span<const ItemOutcome> outcomes, Stage stage,
                          std::span<BatchItem> items);

/// Counts an attempt for every record that failed transiently this round (and forgets the count
/// of those that did not); past `retry_attempts` the failure becomes a dead letter. Held records
/// are left alone. Returns how many records go on to be retried.
std::size_t settleAttempts(std::span<BatchItem> items, PartitionBook& book, int retry_attempts);

/// The records that finish this round: each partition's records up to its first unfinished one
/// (the records after it are processed again later and must not be dead-lettered twice).
std::vector<BatchItem*> finishingItems(std::span<BatchItem> items);

/// The dead letters among `finishing`, in order.
std::vector<DeadLetterPublisher::Letter> lettersOf(std::span<BatchItem* const> finishing);

/// Marks `finishing` done, each partition up to its first dead letter the broker did not
/// acknowledge (`published`: one result per letter, in order). Returns the last refusal, if any.
std::optional<common::Error> markFinished(std::span<BatchItem* const> finishing,
                                          std::span<const common::Result<void>> published);

/// What the consumer does with its partitions after a batch.
struct CommitPlan {
  /// Offsets to commit (past each partition's leading finished records).
  std::map<std::int32_t, std::int64_t> commits;
  /// Partitions to pause and seek back to their first unfinished record.
  std::map<std::int32_t, std::int64_t> rewind;
};

/// The commit plan for the items of assigned partitions (planPartitions over the items).
CommitPlan planCommits(std::span<const BatchItem> items, const PartitionBook& book);

/// Each partition's first offset in the batch: where an abandoned batch starts again.
std::map<std::int32_t, std::int64_t> firstOffsets(std::span<const BatchItem> items);

}  // namespace tracker::event_consumer
