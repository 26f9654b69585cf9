#include "consumer_status.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {

ConsumerStatus::ConsumerStatus(std::string instance, std::string group, std::string topic,
                               std::size_t history)
    : instance_(std::move(instance)),
      group_(std::move(group)),
      topic_(std::move(topic)),
      history_(history) {}

void ConsumerStatus::setMemberId(std::string member_id) {
  std::lock_guard lock(mutex_);
  member_id_ = std::move(member_id);
}

void ConsumerStatus::setPartitions(std::vector<PartitionStatus> partitions) {
  std::lock_guard lock(mutex_);
  partitions_ = std::move(partitions);
}

void ConsumerStatus::recordRebalance(RebalanceEvent event) {
  std::lock_guard lock(mutex_);
  ++rebalance_count_;
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

std::string ConsumerStatus::renderJson() const {
  using nlohmann::json;
  const auto offsetOrNull = [](std::int64_t offset) -> json {
    return offset < 0 ? json(nullptr) : json(offset);
  };
  json partitions = json::array();
  json rebalances = json::array();
  json sinks = json::object();
  json body;
  {
    std::lock_guard lock(mutex_);
    for (const PartitionStatus& partition : partitions_) {
      json lag = nullptr;
      if (partition.high_watermark >= 0 && partition.committed >= 0) {
        lag = partition.high_watermark - partition.committed;
      }
      partitions.push_back({{"partition", partition.partition},
                            {"committed_offset", offsetOrNull(partition.committed)},
                            {"position", offsetOrNull(partition.position)},
                            {"high_watermark", offsetOrNull(partition.high_watermark)},
                            {"lag", lag},
                            {"paused", partition.paused}});
    }
    for (const RebalanceEvent& event : rebalances_) {
      rebalances.push_back(
          {{"time_ms", event.time_ms}, {"kind", event.kind}, {"partitions", event.partitions}});
    }
    for (const auto& [sink, error] : sinks_down_) sinks[sink] = {{"up", false}, {"error", error}};
    body = {{"instance", instance_},
            {"group", group_},
            {"topic", topic_},
            {"member_id", member_id_.empty() ? json(nullptr) : json(member_id_)},
            // librdkafka 2.0.2's C++ API does not expose the group generation; rebalances seen
            // by this member are counted instead.
            {"generation", nullptr},
            {"rebalances_seen", rebalance_count_},
            {"running", running_}};
  }
  const auto load = [](const std::atomic<std::uint64_t>& value) {
    return value.load(std::memory_order_relaxed);
  };
  body["assigned_partitions"] = std::move(partitions);
  body["sinks_down"] = std::move(sinks);
  body["counters"] = {{"consumed", load(counters_.consumed)},
                      {"written",
                       {{"postgres", load(counters_.written_postgres)},
                        {"search", load(counters_.written_search)}}},
                      {"dead_lettered",
                       {{stageName(Stage::kDecode), load(counters_.dead_lettered[0])},
                        {stageName(Stage::kValidate), load(counters_.dead_lettered[1])},
                        {stageName(Stage::kPostgres), load(counters_.dead_lettered[2])},
                        {stageName(Stage::kSearch), load(counters_.dead_lettered[3])}}},
                      {"retried", load(counters_.retried)},
                      {"committed_batches", load(counters_.committed_batches)}};
  body["rebalances"] = std::move(rebalances);
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tracker::event_consumer
