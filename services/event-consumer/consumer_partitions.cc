#include "consumer_loop.h"
#include "events/clock.h"
#include "kafka/group_metadata.h"
#include "kafka/topic_partition_list.h"

#include <algorithm>
#include <iostream>
#include <memory>

// The partition and group side of ConsumerLoop: commits, pause/resume/seek of what this loop
// paused, the rebalance callback and the status snapshot.

namespace tracker::event_consumer {
namespace {

using PartitionList = kafka::TopicPartitionList;

std::string partitionsText(const std::vector<std::int32_t>& partitions) {
  std::string text;
  for (auto partition : partitions) {
    if (!text.empty()) text += ",";
    text += std::to_string(partition);
  }
  return "[" + text + "]";
}

std::vector<std::int32_t> numbersOf(const std::vector<RdKafka::TopicPartition*>& partitions) {
  std::vector<std::int32_t> numbers;
  numbers.reserve(partitions.size());
  for (const auto* partition : partitions) numbers.push_back(partition->partition());
  return numbers;
}

void logIfFailed(const char* what, RdKafka::ErrorCode code) {
  if (code != RdKafka::ERR_NO_ERROR) {
    std::cerr << "event-consumer: " << what << ": " << RdKafka::err2str(code) << std::endl;
  }
}

void logIfFailed(const char* what, RdKafka::Error* raw) {
  const std::unique_ptr<RdKafka::Error> error(raw);
  if (error) std::cerr << "event-consumer: " << what << ": " << error->str() << std::endl;
}

}  // namespace

void ConsumerLoop::commit(std::map<std::int32_t, std::int64_t> offsets) {
  for (const auto& [partition, offset] : book_.uncommitted())
    offsets.try_emplace(partition, offset);
  if (offsets.empty()) return;
  PartitionList list;
  for (const auto& [partition, offset] : offsets) list.add(options_.topic, partition, offset);
  const auto code = active_->commitSync(list.items);
  if (code != RdKafka::ERR_NO_ERROR) {
    // The records stay written; the offsets go out again with the next commit or before the
    // partitions are given away (else the next owner's redelivery, which the idempotent sinks
    // absorb, covers them).
    std::cerr << "event-consumer: commit failed: " << RdKafka::err2str(code) << std::endl;
    for (const auto& [partition, offset] : offsets) book_.setUncommitted(partition, offset);
    return;
  }
  for (const auto& [partition, offset] : offsets) book_.setCommitted(partition, offset);
  deps_.status->counters().committed_batches.fetch_add(1, std::memory_order_relaxed);
}

void ConsumerLoop::retryRefusedCommits() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_commit_retry_ || book_.uncommitted().empty()) return;
  next_commit_retry_ = now + std::chrono::seconds(1);
  commit({});
}

void ConsumerLoop::pausePartitions(const std::vector<std::int32_t>& partitions) {
  PartitionList list;
  for (auto partition : book_.markPaused(partitions)) list.add(options_.topic, partition);
  if (!list.items.empty()) logIfFailed("pause", active_->pause(list.items));
}

void ConsumerLoop::resumePartitions(const std::vector<std::int32_t>& partitions) {
  // Resume only what this loop paused: the book is what the outage and retry paths rely on. (It
  // also dodged librdkafka #4686 - resuming a partition that was not paused could refetch from an
  // old position - which is fixed since 2.4.0.)
  PartitionList list;
  for (auto partition : book_.markResumed(partitions)) list.add(options_.topic, partition);
  if (!list.items.empty()) logIfFailed("resume", active_->resume(list.items));
}

void ConsumerLoop::seekPartition(std::int32_t partition, std::int64_t offset) {
  if (!book_.assigned(partition)) return;
  std::unique_ptr<RdKafka::TopicPartition> target(
      RdKafka::TopicPartition::create(options_.topic, partition, offset));
  const auto code = active_->seek(*target, 0);
  if (code != RdKafka::ERR_NO_ERROR) {
    std::cerr << "event-consumer: seek " << partition << "@" << offset
              << " failed: " << RdKafka::err2str(code) << std::endl;
  }
}

void ConsumerLoop::onRebalance(RdKafka::KafkaConsumer& consumer, RdKafka::ErrorCode error,
                               std::vector<RdKafka::TopicPartition*>& partitions) {
  std::vector<std::int32_t> numbers = numbersOf(partitions);
  const bool cooperative = consumer.rebalance_protocol() == "COOPERATIVE";
  std::string kind;
  if (error == RdKafka::ERR__ASSIGN_PARTITIONS) {
    kind = "assigned";
    onAssigned(consumer, cooperative, partitions);
  } else if (error == RdKafka::ERR__REVOKE_PARTITIONS) {
    const bool lost = consumer.assignment_lost();
    kind = lost ? "lost" : "revoked";
    if (!cooperative) numbers = book_.partitions();  // an eager revocation takes everything
    onRevoked(consumer, cooperative, partitions, lost);
  } else {
    kind = "error";
    std::cerr << "event-consumer: rebalance error: " << RdKafka::err2str(error) << std::endl;
    resumePartitions(book_.partitions());  // as for a revocation (onRevoked)
    logIfFailed("unassign", consumer.unassign());
    book_.clear();
  }
  std::cout << "event-consumer: rebalance " << kind << " " << partitionsText(numbers)
            << " (protocol " << consumer.rebalance_protocol() << ")" << std::endl;
  deps_.status->recordRebalance(
      RebalanceEvent{events::systemNowMs(), kind, numbers, cooperative, book_.partitions()});
  refreshStatus(true);
}

void ConsumerLoop::onAssigned(RdKafka::KafkaConsumer& consumer, bool cooperative,
                              std::vector<RdKafka::TopicPartition*>& partitions) {
  if (cooperative) {
    logIfFailed("incremental_assign", consumer.incremental_assign(partitions));
  } else {
    logIfFailed("assign", consumer.assign(partitions));
  }
  const auto numbers = numbersOf(partitions);
  book_.assign(numbers);
  // Committed offsets for the status page (one round trip per assignment).
  PartitionList list;
  for (auto number : numbers) list.add(options_.topic, number);
  if (consumer.committed(list.items, 5'000) == RdKafka::ERR_NO_ERROR) {
    for (const auto* item : list.items) {
      if (item->offset() >= 0) book_.setCommitted(item->partition(), item->offset());
    }
  }
  if (outage_) pausePartitions(numbers);
}

void ConsumerLoop::onRevoked(RdKafka::KafkaConsumer& consumer, bool cooperative,
                             std::vector<RdKafka::TopicPartition*>& partitions, bool lost) {
  const auto numbers = numbersOf(partitions);
  if (lost) {
    // Someone else may own them already: commit nothing, drop what is in hand for them.
    std::erase_if(pending_, [&](const ConsumedRecord& record) {
      return std::find(numbers.begin(), numbers.end(), record.partition) != numbers.end();
    });
  } else {
    // Still in the old generation: commits made now are valid. Finish the batch in hand and
    // commit, with what an earlier refused commit still owes, before the partitions go.
    if (!pending_.empty() && !outage_) {
      std::cout << "event-consumer: finishing " << pending_.size()
                << " records in hand before the revocation" << std::endl;
      processPending();
    }
    commit({});
  }
  // librdkafka keeps a partition's pause through its revocation and a later assignment to this
  // member, while the book forgets it: lift this loop's pauses first, or the partition would come
  // back paused with nothing left to resume it.
  resumePartitions(cooperative ? numbers : book_.partitions());
  if (cooperative) {
    logIfFailed("incremental_unassign", consumer.incremental_unassign(partitions));
    book_.forget(numbers);
  } else {
    logIfFailed("unassign", consumer.unassign());
    book_.clear();
  }
}

void ConsumerLoop::refreshStatus(bool force) {
  const auto now = std::chrono::steady_clock::now();
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
  for (auto partition : book_.partitions()) list.add(options_.topic, partition);
  logIfFailed("position", consumer_->position(list.items));
  std::vector<PartitionStatus> partitions;
  for (const auto* item : list.items) {
    PartitionStatus status;
    status.partition = item->partition();
    status.position = item->offset();
    if (auto committed = book_.committed(status.partition)) status.committed = *committed;
    std::int64_t low = 0;
    std::int64_t high = -1;
    if (consumer_->get_watermark_offsets(options_.topic, status.partition, &low, &high) ==
        RdKafka::ERR_NO_ERROR) {
      status.high_watermark = high;
    }
    status.paused = book_.paused(status.partition);
    partitions.push_back(status);
  }
  deps_.status->setPartitions(std::move(partitions));
}

}  // namespace tracker::event_consumer
