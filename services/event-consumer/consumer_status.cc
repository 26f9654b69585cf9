#include "consumer_status.h"

#include "kafka/partition_lag.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace tracker::event_consumer {
namespace {

// Batches take milliseconds (a few records, one COPY, one _bulk) to seconds (500 records, a slow
// index); an outage does not count (the batch is abandoned, not committed).
std::vector<double> batchSecondsBounds() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

std::vector<double> batchRecordsBounds() { return {1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000}; }

// From HTTP accept to stored: a batch wait plus a batch (milliseconds) when the consumer keeps up,
// up to minutes while it catches up on a backlog (those land in +Inf; the max says how far).
std::vector<double> endToEndSecondsBounds() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

using nlohmann::json;

json offsetOrNull(std::int64_t offset) { return offset < 0 ? json(nullptr) : json(offset); }

json partitionJson(const PartitionStatus& partition) {
  const auto lag =
      kafka::partitionLag(partition.committed, partition.position, partition.high_watermark);
  return {{"partition", partition.partition},
          {"committed_offset", offsetOrNull(partition.committed)},
          {"position", offsetOrNull(partition.position)},
          {"high_watermark", offsetOrNull(partition.high_watermark)},
          {"lag", lag ? json(*lag) : json(nullptr)},
          {"paused", partition.paused}};
}

json rebalanceJson(const RebalanceEvent& event) {
  const bool added = event.kind == "assigned";
  const bool taken = event.kind == "revoked" || event.kind == "lost";
  return {{"time_ms", event.time_ms},
          {"kind", event.kind},
          {"partitions", event.partitions},
          {"added", added ? event.partitions : std::vector<std::int32_t>()},
          {"revoked", taken ? event.partitions : std::vector<std::int32_t>()},
          {"incremental", event.incremental},
          {"assignment", event.assignment}};
}

json countersJson(const ConsumerCounters& counters) {
  const auto load = [](const std::atomic<std::uint64_t>& value) {
    return value.load(std::memory_order_relaxed);
  };
  return {
      {"consumed", load(counters.consumed)},
      {"written",
       {{"postgres", load(counters.written_postgres)}, {"search", load(counters.written_search)}}},
      {"dead_lettered",
       {{stageName(Stage::kDecode), load(counters.dead_lettered[0])},
        {stageName(Stage::kValidate), load(counters.dead_lettered[1])},
        {stageName(Stage::kPostgres), load(counters.dead_lettered[2])},
        {stageName(Stage::kSearch), load(counters.dead_lettered[3])}}},
      {"retried", load(counters.retried)},
      {"committed_batches", load(counters.committed_batches)}};
}

// -1 (no batch measured yet) is null.
json millisOrNull(const std::atomic<std::int64_t>& value) {
  const std::int64_t ms = value.load(std::memory_order_relaxed);
  return ms < 0 ? json(nullptr) : json(ms);
}

json endToEndJson(const ConsumerCounters& counters) {
  return {{"last_batch_max_ms", millisOrNull(counters.last_end_to_end_ms)},
          {"last_batch_at_ms", millisOrNull(counters.last_batch_at_ms)}};
}

}  // namespace

ConsumerCounters::ConsumerCounters()
    : batch_seconds(batchSecondsBounds()),
      batch_records(batchRecordsBounds()),
      end_to_end_seconds(endToEndSecondsBounds()) {}

void ConsumerCounters::recordBatch(std::chrono::nanoseconds elapsed, std::size_t records) {
  batch_seconds.observe(std::chrono::duration<double>(elapsed).count());
  batch_records.observe(static_cast<double>(records));
}

void ConsumerCounters::recordEndToEnd(std::span<const std::int64_t> timestamps_ms,
                                      std::int64_t now_ms) {
  if (timestamps_ms.empty()) return;
  std::int64_t largest = 0;
  for (const std::int64_t timestamp_ms : timestamps_ms) {
    const std::int64_t latency_ms = std::max<std::int64_t>(0, now_ms - timestamp_ms);
    largest = std::max(largest, latency_ms);
    end_to_end_seconds.observe(static_cast<double>(latency_ms) / 1000.0);
  }
  last_end_to_end_ms.store(largest, std::memory_order_relaxed);
  last_batch_at_ms.store(now_ms, std::memory_order_relaxed);
}

ConsumerStatus::ConsumerStatus(std::string instance, std::string group, std::string topic,
                               std::size_t history)
    : instance_(std::move(instance)),
      group_(std::move(group)),
      topic_(std::move(topic)),
      history_(history) {}

void ConsumerStatus::setGroupProtocol(std::string protocol) {
  std::lock_guard lock(mutex_);
  group_protocol_ = std::move(protocol);
}

void ConsumerStatus::setMemberId(std::string member_id) {
  std::lock_guard lock(mutex_);
  member_id_ = std::move(member_id);
}

void ConsumerStatus::setGeneration(std::int32_t generation) {
  std::lock_guard lock(mutex_);
  generation_ = generation;
}

void ConsumerStatus::setPartitions(std::vector<PartitionStatus> partitions) {
  std::lock_guard lock(mutex_);
  partitions_ = std::move(partitions);
}

void ConsumerStatus::recordRebalance(RebalanceEvent event) {
  std::lock_guard lock(mutex_);
  ++rebalance_count_;
  ++rebalances_by_kind_[event.kind];
  rebalances_.push_back(std::move(event));
  while (rebalances_.size() > history_) rebalances_.pop_front();
}

void ConsumerStatus::setSinkDown(const std::string& sink, std::optional<std::string> error) {
  std::lock_guard lock(mutex_);
  if (error) {
    sinks_down_[sink] = std::move(*error);
  } else {
    sinks_down_.erase(sink);
  }
}

void ConsumerStatus::setRunning(bool running) {
  std::lock_guard lock(mutex_);
  if (running_ && !running) ended_ = true;
  running_ = running;
}

std::vector<std::string> ConsumerStatus::notReadyReasons() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> reasons;
  if (!running_) reasons.emplace_back("consumer not running");
  for (const auto& [sink, error] : sinks_down_) reasons.push_back(sink + " down: " + error);
  return reasons;
}

bool ConsumerStatus::live() const {
  std::lock_guard lock(mutex_);
  return !ended_;
}

ConsumerStatus::Snapshot ConsumerStatus::snapshot() const {
  std::lock_guard lock(mutex_);
  return Snapshot{partitions_, sinks_down_, rebalances_by_kind_,
                  generation_, running_,    monitored_sinks_};
}

std::string ConsumerStatus::renderJson() const {
  json partitions = json::array();
  json rebalances = json::array();
  json sinks = json::object();
  json down = json::object();
  json body;
  {
    std::lock_guard lock(mutex_);
    const bool consumer_protocol = group_protocol_ == "consumer";
    for (const PartitionStatus& partition : partitions_) {
      partitions.push_back(partitionJson(partition));
    }
    for (const RebalanceEvent& event : rebalances_) rebalances.push_back(rebalanceJson(event));
    for (const auto& sink : monitored_sinks_) sinks[sink] = {{"up", true}, {"error", nullptr}};
    for (const auto& [sink, error] : sinks_down_) {
      sinks[sink] = {{"up", false}, {"error", error}};
      down[sink] = sinks[sink];
    }
    body = {
        {"instance", instance_},
        {"group", group_},
        {"topic", topic_},
        {"group_protocol", group_protocol_.empty() ? json(nullptr) : json(group_protocol_)},
        {"member_id", member_id_.empty() ? json(nullptr) : json(member_id_)},
        // Read by the consumer thread through librdkafka's group metadata getters
        // (kafka/group_metadata.h); null until the member has joined. The consumer protocol
        // has no generation: the same number is the member's epoch there.
        {"generation", generation_ < 0 || consumer_protocol ? json(nullptr) : json(generation_)},
        {"member_epoch", generation_ < 0 || !consumer_protocol ? json(nullptr) : json(generation_)},
        {"rebalances_seen", rebalance_count_},
        {"running", running_}};
  }
  body["assigned_partitions"] = std::move(partitions);
  body["sinks"] = std::move(sinks);
  body["sinks_down"] = std::move(down);
  body["counters"] = countersJson(counters_);
  body["end_to_end"] = endToEndJson(counters_);
  body["rebalances"] = std::move(rebalances);
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

void ConsumerStatus::setMonitoredSinks(std::vector<std::string> sinks) {
  std::lock_guard lock(mutex_);
  monitored_sinks_ = std::move(sinks);
}

}  // namespace tracker::event_consumer
