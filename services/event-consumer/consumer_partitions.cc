#include "consumer_loop.h"
#include "events/clock.h"
#include "kafka/group_metadata.h"
#include "kafka/topic_partition_list.h"

#include <algorithm>
#include <iostream>
#include <memory>

// The partition and group side of ConsumerLoop: commits (deferred during a cooperative rejoin),
// pause/resume/seek of what this loop paused, the rebalance callback and the status snapshot.

namespace tracker::event_consumer {
namespace {

using Clock = std::chrono::steady_clock;
using PartitionList = kafka::TopicPartitionList;

std::string partitionsText(const std::vector<std::int32_t>& partitions) {
  std::string text;
  for (auto partition : partitions) {
    if (!text.empty()) text += ",";
    text += std::to_string(partition);
  }
  return "[" + text + "]";
}

}  // namespace

void ConsumerLoop::commit(const std::map<std::int32_t, std::int64_t>& offsets) {
  if (rejoining_since_) {
    for (const auto& [partition, offset] : offsets) deferred_commits_[partition] = offset;
    return;
  }
  commitNow(offsets);
}

void ConsumerLoop::flushDeferredCommits() {
  // A rebalance that never completes (the member was thrown out) must not hold commits forever.
  if (rejoining_since_ && Clock::now() - *rejoining_since_ > std::chrono::seconds(15)) {
    rejoining_since_.reset();
    revocation_tail_pending_ = false;
  }
  if (rejoining_since_ || deferred_commits_.empty()) return;
  std::map<std::int32_t, std::int64_t> offsets;
  for (const auto& [partition, offset] : deferred_commits_) {
    if (assigned_.contains(partition)) offsets[partition] = offset;
  }
  deferred_commits_.clear();
  commitNow(offsets);
}

void ConsumerLoop::commitNow(const std::map<std::int32_t, std::int64_t>& offsets) {
  if (offsets.empty()) return;
  PartitionList list;
  for (const auto& [partition, offset] : offsets) list.add(options_.topic, partition, offset);
  const auto code = active_->commitSync(list.items);
  if (code != RdKafka::ERR_NO_ERROR) {
    // The records stay written; a later commit (or the next owner's redelivery, which the
    // idempotent sinks absorb) covers them.
    std::cerr << "event-consumer: commit failed: " << RdKafka::err2str(code) << std::endl;
    return;
  }
  for (const auto& [partition, offset] : offsets) committed_[partition] = offset;
  deps_.status->counters().committed_batches.fetch_add(1, std::memory_order_relaxed);
}

void ConsumerLoop::pausePartitions(const std::vector<std::int32_t>& partitions) {
  PartitionList list;
  for (auto partition : partitions) {
    if (!assigned_.contains(partition)) continue;
    list.add(options_.topic, partition);
    paused_.insert(partition);
  }
  if (!list.items.empty()) active_->pause(list.items);
}

void ConsumerLoop::resumePartitions(const std::vector<std::int32_t>& partitions) {
  // Resume only what this loop paused: paused_ is the bookkeeping the outage and retry paths rely
  // on. (It also dodged librdkafka #4686 - resuming a partition that was not paused could refetch
  // from an old position - which is fixed since 2.4.0.)
  PartitionList list;
  for (auto partition : partitions) {
    if (!paused_.erase(partition) || !assigned_.contains(partition)) continue;
    list.add(options_.topic, partition);
  }
  if (!list.items.empty()) active_->resume(list.items);
}

void ConsumerLoop::seekPartition(std::int32_t partition, std::int64_t offset) {
  if (!assigned_.contains(partition)) return;
  std::unique_ptr<RdKafka::TopicPartition> target(
      RdKafka::TopicPartition::create(options_.topic, partition, offset));
  const auto code = active_->seek(*target, 0);
  if (code != RdKafka::ERR_NO_ERROR) {
    std::cerr << "event-consumer: seek " << partition << "@" << offset
              << " failed: " << RdKafka::err2str(code) << std::endl;
  }
}

void ConsumerLoop::forgetPartitions(const std::vector<std::int32_t>& partitions) {
  for (auto partition : partitions) {
    assigned_.erase(partition);
    paused_.erase(partition);
    resume_at_.erase(partition);
    committed_.erase(partition);
    std::erase_if(attempts_, [&](const auto& entry) { return entry.first.first == partition; });
  }
}

void ConsumerLoop::rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode error,
                                std::vector<RdKafka::TopicPartition*>& partitions) {
  std::vector<std::int32_t> numbers;
  for (const auto* partition : partitions) numbers.push_back(partition->partition());
  const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
  std::string kind;
  if (error == RdKafka::ERR__ASSIGN_PARTITIONS) {
    kind = "assigned";
    if (revocation_tail_pending_) {
      revocation_tail_pending_ = false;  // same generation as the revocation; the rejoin follows
    } else {
      rejoining_since_.reset();  // the rebalance is complete: deferred commits go out next loop
    }
    if (cooperative) {
      std::unique_ptr<RdKafka::Error> failed(consumer->incremental_assign(partitions));
      if (failed) std::cerr << "event-consumer: incremental_assign: " << failed->str() << std::endl;
    } else {
      consumer->assign(partitions);
    }
    for (auto number : numbers) assigned_.insert(number);
    // Committed offsets for the status page (one round trip per assignment).
    PartitionList list;
    for (auto number : numbers) list.add(options_.topic, number);
    if (consumer->committed(list.items, 5'000) == RdKafka::ERR_NO_ERROR) {
      for (const auto* item : list.items) {
        if (item->offset() >= 0) committed_[item->partition()] = item->offset();
      }
    }
    if (outage_) pausePartitions(numbers);
  } else if (error == RdKafka::ERR__REVOKE_PARTITIONS) {
    const bool lost = consumer->assignment_lost();
    kind = lost ? "lost" : "revoked";
    if (lost) {
      // Someone else may own them already: commit nothing, drop what is in hand for them.
      std::erase_if(pending_, [&](const ConsumedRecord& record) {
        return std::find(numbers.begin(), numbers.end(), record.partition) != numbers.end();
      });
    } else {
      // Still in the old generation: commits made now are valid. Finish the batch in hand and
      // commit, with whatever waited from an earlier rebalance, before the partitions go.
      rejoining_since_.reset();
      revocation_tail_pending_ = false;
      flushDeferredCommits();
      if (!pending_.empty() && !outage_) {
        std::cout << "event-consumer: finishing " << pending_.size()
                  << " records in hand before the revocation" << std::endl;
        processPending();
      }
    }
    if (cooperative) {
      std::unique_ptr<RdKafka::Error> failed(consumer->incremental_unassign(partitions));
      if (failed)
        std::cerr << "event-consumer: incremental_unassign: " << failed->str() << std::endl;
    } else {
      consumer->unassign();
    }
    if (!cooperative) numbers.assign(assigned_.begin(), assigned_.end());
    forgetPartitions(numbers);
    for (auto number : numbers) deferred_commits_.erase(number);
    if (cooperative) {
      rejoining_since_ = Clock::now();
      revocation_tail_pending_ = !lost;
    }
    if (!cooperative) {
      assigned_.clear();
      paused_.clear();
    }
  } else {
    kind = "error";
    std::cerr << "event-consumer: rebalance error: " << RdKafka::err2str(error) << std::endl;
    consumer->unassign();
    forgetPartitions(std::vector<std::int32_t>(assigned_.begin(), assigned_.end()));
  }
  std::cout << "event-consumer: rebalance " << kind << " " << partitionsText(numbers)
            << " (protocol " << consumer->rebalance_protocol() << ")" << std::endl;
  deps_.status->recordRebalance(
      RebalanceEvent{events::systemNowMs(), kind, numbers, cooperative,
                     std::vector<std::int32_t>(assigned_.begin(), assigned_.end())});
  refreshStatus(true);
}

void ConsumerLoop::refreshStatus(bool force) {
  const auto now = Clock::now();
  if (!force && now - last_status_ < std::chrono::milliseconds(500)) return;
  last_status_ = now;
  if (!consumer_) return;
  if (force) {
    // Member id and generation change only in a rebalance; forced refreshes come from its
    // callback (reading the generation is a round trip to librdkafka's main thread).
    deps_.status->setMemberId(consumer_->memberid());
    deps_.status->setGeneration(kafka::consumerGeneration(consumer_.get()));
  }
  PartitionList list;
  for (auto partition : assigned_) list.add(options_.topic, partition);
  consumer_->position(list.items);
  std::vector<PartitionStatus> partitions;
  for (const auto* item : list.items) {
    PartitionStatus status;
    status.partition = item->partition();
    status.position = item->offset();
    if (auto found = committed_.find(status.partition); found != committed_.end()) {
      status.committed = found->second;
    }
    std::int64_t low = 0;
    std::int64_t high = -1;
    if (consumer_->get_watermark_offsets(options_.topic, status.partition, &low, &high) ==
        RdKafka::ERR_NO_ERROR) {
      status.high_watermark = high;
    }
    status.paused = paused_.contains(status.partition);
    partitions.push_back(status);
  }
  deps_.status->setPartitions(std::move(partitions));
}

}  // namespace tracker::event_consumer
