#include "batch_processor.h"

#include <iostream>

namespace tracker::event_consumer {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

BatchProcessor::BatchProcessor(EventDecoder& decoder, std::vector<Sink*> sinks,
                               PublishLetters publish, PartitionBook& book,
                               ConsumerCounters& counters, int retry_attempts)
    : decoder_(decoder),
      sinks_(std::move(sinks)),
      publish_(std::move(publish)),
      book_(book),
      counters_(counters),
      retry_attempts_(retry_attempts) {}

BatchPlan BatchProcessor::process(std::vector<ConsumedRecord> records) {
  auto items = itemsOf(std::move(records));
  if (auto down = decodeBatch(items)) return abandon(items, std::move(*down));
  for (Sink* sink : sinks_) {
    if (auto down = writeTo(*sink, items)) return abandon(items, std::move(*down));
  }
  counters_.retried.fetch_add(settleAttempts(items, book_, retry_attempts_),
                              std::memory_order_relaxed);
  auto dead_letter_outage = publishDeadLetters(items);
  BatchPlan plan;
  plan.partitions = planCommits(items, book_);
  plan.outage = std::move(dead_letter_outage);
  return plan;
}

std::optional<OutageCause> BatchProcessor::decodeBatch(std::vector<BatchItem>& items) {
  for (BatchItem& item : items) {
    DecodeResult result = decoder_.decode(item.record);
    if (result.transient) return OutageCause{Dependency::kRegistry, result.transient->toString()};
    item.decoded = std::move(result.event);
    item.dead = std::move(result.dead);
  }
  return std::nullopt;
}

std::optional<OutageCause> BatchProcessor::writeTo(Sink& sink, std::vector<BatchItem>& items) {
  const std::vector<BatchItem*> candidates = candidatesFor(items, sink);
  if (candidates.empty()) return std::nullopt;
  std::vector<const DecodedEvent*> events;
  events.reserve(candidates.size());
  for (const BatchItem* item : candidates) events.push_back(&*item->decoded);
  auto outcomes = sink.write(events);
  if (!outcomes) return OutageCause{sink.dependency(), outcomes.error().toString()};
  if (outcomes->size() != candidates.size()) {
    // A broken sink contract: treat it as an outage of that sink rather than guess.
    return OutageCause{sink.dependency(), std::string(sink.name()) + " answered " +
                                              std::to_string(outcomes->size()) + " outcomes for " +
                                              std::to_string(candidates.size()) + " events"};
  }
  countWritten(sink, applyOutcomes(candidates, *outcomes, sink.stage(), items));
  return std::nullopt;
}

std::optional<OutageCause> BatchProcessor::publishDeadLetters(std::vector<BatchItem>& items) {
  const std::vector<BatchItem*> finishing = finishingItems(items);
  const auto letters = lettersOf(finishing);
  std::vector<common::Result<void>> published;
  if (!letters.empty()) published = publish_(letters);
  const auto refused = markFinished(finishing, published);
  for (const BatchItem* item : finishing) {
    if (!item->done || !item->dead) continue;
    counters_.dead_lettered[static_cast<std::size_t>(item->dead->stage)].fetch_add(
        1, std::memory_order_relaxed);
    logDeadLetter(*item);
  }
  if (!refused) return std::nullopt;
  return OutageCause{Dependency::kDlt, refused->toString()};
}

BatchPlan BatchProcessor::abandon(const std::vector<BatchItem>& items, OutageCause cause) const {
  BatchPlan plan;
  plan.abandoned = true;
  for (const auto& [partition, offset] : firstOffsets(items)) {
    if (book_.assigned(partition)) plan.partitions.rewind[partition] = offset;
  }
  plan.outage = std::move(cause);
  return plan;
}

void BatchProcessor::countWritten(const Sink& sink, std::size_t written) {
  switch (sink.dependency()) {
    case Dependency::kPostgres:
      counters_.written_postgres.fetch_add(written, std::memory_order_relaxed);
      break;
    case Dependency::kSearch:
      counters_.written_search.fetch_add(written, std::memory_order_relaxed);
      break;
    case Dependency::kRegistry:
    case Dependency::kDlt:
      break;
  }
}

void BatchProcessor::logDeadLetter(const BatchItem& item) {
  const auto now = Clock::now();
  if (now - log_window_start_ >= std::chrono::seconds(1)) {
    if (log_suppressed_ > 0) {
      std::cerr << "event-consumer: ... and " << log_suppressed_ << " more dead letters"
                << std::endl;
    }
    log_window_start_ = now;
    logged_in_window_ = 0;
    log_suppressed_ = 0;
  }
  if (++logged_in_window_ > 20) {
    ++log_suppressed_;
    return;
  }
  const ConsumedRecord& record = item.record;
  std::cerr << "event-consumer: dead-lettered " << record.topic << "/" << record.partition << "@"
            << record.offset << " stage " << stageName(item.dead->stage) << ": " << item.dead->code
            << std::endl;
}

}  // namespace tracker::event_consumer
