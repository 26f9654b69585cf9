#include "dlt_reader.h"

#include "kafka/message_headers.h"
#include "kafka/topic_partition_list.h"

#include <algorithm>
#include <iostream>
#include <map>

namespace tracker::event_dlt_monitor {
namespace {

constexpr std::size_t kBatchSize = 500;
constexpr auto kBatchWait = std::chrono::milliseconds(200);
constexpr auto kRetryInitial = std::chrono::milliseconds(250);
constexpr auto kRetryMax = std::chrono::milliseconds(5000);

RawDeadLetter rawOf(const RdKafka::Message& message) {
  RawDeadLetter raw;
  raw.dlt = {message.topic_name(), message.partition(), message.offset()};
  if (message.key_pointer() != nullptr) {
    raw.key.emplace(static_cast<const char*>(message.key_pointer()), message.key_len());
  }
  if (message.payload() != nullptr) {
    raw.value.emplace(static_cast<const char*>(message.payload()), message.len());
  }
  raw.headers = kafka::copyHeaders(message);
  return raw;
}

}  // namespace

DltReader::DltReader(kafka::ConfigMap settings, std::string dlt_topic, DeadLetterStore& store,
                     EventView& view)
    : settings_(std::move(settings)),
      dlt_topic_(std::move(dlt_topic)),
      store_(store),
      view_(view) {}

DltReader::~DltReader() { stop(); }

common::Result<void> DltReader::start() {
  kafka::ConfigMap settings = settings_;
  settings["enable.auto.commit"] = "false";
  settings["enable.auto.offset.store"] = "false";
  settings.emplace("auto.offset.reset", "earliest");
  settings.emplace("client.id", "event-dlt-monitor");
  auto consumer = kafka::createConsumer(settings);
  if (!consumer) return tl::unexpected(consumer.error());
  consumer_ = std::move(*consumer);
  if (const auto code = consumer_->subscribe({dlt_topic_}); code != RdKafka::ERR_NO_ERROR) {
    return common::makeError("dlt_monitor.subscribe", RdKafka::err2str(code));
  }
  state_.running = true;
  thread_ = std::thread([this] { run(); });
  return {};
}

void DltReader::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  consumer_.reset();  // leaves the group (close())
  state_.running = false;
}

void DltReader::run() {
  std::vector<DeadLetter> batch;
  auto deadline = std::chrono::steady_clock::now() + kBatchWait;
  while (!stopping_) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(50));
    if (message->err() == RdKafka::ERR_NO_ERROR) {
      if (batch.empty()) deadline = std::chrono::steady_clock::now() + kBatchWait;
      batch.push_back(readDeadLetter(rawOf(*message)));
      state_.read.fetch_add(1, std::memory_order_relaxed);
    } else if (message->err() != RdKafka::ERR__TIMED_OUT &&
               message->err() != RdKafka::ERR__PARTITION_EOF) {
      std::cerr << "event-dlt-monitor: consume: " << message->errstr() << std::endl;
    }
    if (!batch.empty() &&
        (batch.size() >= kBatchSize || std::chrono::steady_clock::now() >= deadline)) {
      storeAndCommit(batch);
      batch.clear();
    }
  }
  if (!batch.empty()) storeAndCommit(batch);
}

void DltReader::storeAndCommit(std::vector<DeadLetter>& batch) {
  std::vector<EventFacts> facts;
  facts.reserve(batch.size());
  for (const DeadLetter& letter : batch) facts.push_back(view_.facts(letter.value));
  auto backoff = kRetryInitial;
  bool paused = false;
  kafka::TopicPartitionList assignment;
  while (true) {
    auto stored = store_.store(batch, facts);
    if (stored) {
      state_.stored.fetch_add(*stored, std::memory_order_relaxed);
      break;
    }
    state_.store_failing = true;
    std::cerr << "event-dlt-monitor: storing " << batch.size()
              << " dead letters failed, retrying: " << stored.error().toString() << std::endl;
    if (stopping_) return;  // not committed: read again on the next start
    if (!paused && consumer_->assignment(assignment.items) == RdKafka::ERR_NO_ERROR) {
      consumer_->pause(assignment.items);
      paused = true;
    }
    // Keep serving the group (heartbeats, rebalances, max.poll.interval) while paused.
    const auto retry_at = std::chrono::steady_clock::now() + backoff;
    while (!stopping_ && std::chrono::steady_clock::now() < retry_at) {
      std::unique_ptr<RdKafka::Message> message(consumer_->consume(50));
      if (message->err() == RdKafka::ERR_NO_ERROR) {
        // Fetched before the pause took effect (or after a rebalance): keep it in this batch.
        batch.push_back(readDeadLetter(rawOf(*message)));
        facts.push_back(view_.facts(batch.back().value));
        state_.read.fetch_add(1, std::memory_order_relaxed);
        kafka::TopicPartitionList now_assigned;
        if (consumer_->assignment(now_assigned.items) == RdKafka::ERR_NO_ERROR) {
          consumer_->pause(now_assigned.items);
        }
      }
    }
    backoff =
        std::min(backoff * 2, std::chrono::duration_cast<std::chrono::milliseconds>(kRetryMax));
  }
  state_.store_failing = false;
  commit(batch);
  if (paused) {
    kafka::TopicPartitionList now_assigned;
    if (consumer_->assignment(now_assigned.items) == RdKafka::ERR_NO_ERROR) {
      consumer_->resume(now_assigned.items);
    }
  }
}

void DltReader::commit(const std::vector<DeadLetter>& batch) {
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> next;
  for (const DeadLetter& letter : batch) {
    auto& offset = next[{letter.dlt.topic, letter.dlt.partition}];
    offset = std::max(offset, letter.dlt.offset + 1);
  }
  kafka::TopicPartitionList offsets;
  for (const auto& [partition, offset] : next)
    offsets.add(partition.first, partition.second, offset);
  // A failed commit (a partition moved away meanwhile) only means re-reading: storing is
  // idempotent.
  if (const auto code = consumer_->commitSync(offsets.items); code != RdKafka::ERR_NO_ERROR) {
    std::cerr << "event-dlt-monitor: commit: " << RdKafka::err2str(code) << std::endl;
  }
}

}  // namespace tracker::event_dlt_monitor
