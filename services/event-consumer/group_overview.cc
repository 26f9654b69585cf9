#include "group_overview.h"

#include "kafka/partition_lag.h"

#include <nlohmann/json.hpp>

#include <map>
#include <utility>

namespace tracker::event_consumer {
namespace {

using nlohmann::json;

template <typename T>
json orNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

// [{"topic","partitions":[...]}], grouped by topic, partitions in the coordinator's order.
json assignmentJson(const kafka::TopicPartitions& assignment) {
  json rendered = json::array();
  std::map<std::string, std::vector<std::int32_t>> by_topic;
  for (const auto& [topic, partition] : assignment) by_topic[topic].push_back(partition);
  for (const auto& [topic, partitions] : by_topic) {
    rendered.push_back({{"topic", topic}, {"partitions", partitions}});
  }
  return rendered;
}

json memberJson(const kafka::GroupMember& member) {
  return {{"member_id", member.member_id},
          {"group_instance_id", orNull(member.group_instance_id)},
          {"client_id", member.client_id},
          {"host", member.host},
          {"assignment", assignmentJson(member.assignment)},
          {"target_assignment",
           member.target_assignment ? assignmentJson(*member.target_assignment) : json(nullptr)}};
}

json groupJson(const kafka::GroupInfo& group) {
  json members = json::array();
  for (const kafka::GroupMember& member : group.members) members.push_back(memberJson(member));
  json partitions = json::array();
  std::int64_t total_lag = 0;
  for (const kafka::GroupPartition& partition : group.partitions) {
    // The Admin API knows no position: before a first commit the lag is unknown.
    const auto lag = kafka::partitionLag(partition.committed, std::nullopt, partition.end_offset);
    if (lag) total_lag += *lag;
    partitions.push_back(
        {{"topic", partition.topic},
         {"partition", partition.partition},
         {"committed_offset", orNull(partition.committed)},
         {"end_offset", orNull(partition.end_offset)},
         {"lag", orNull(lag)},
         {"member_id", partition.member_id.empty() ? json(nullptr) : json(partition.member_id)}});
  }
  json coordinator = nullptr;
  if (group.coordinator) {
    coordinator = {{"id", group.coordinator->id},
                   {"host", group.coordinator->host},
                   {"port", group.coordinator->port}};
  }
  return {{"group_id", group.group_id},
          {"type", group.type},
          {"state", group.state},
          {"assignor", group.assignor},
          // The assignor's older name in this API, kept for existing clients.
          {"protocol", group.assignor},
          {"simple", group.simple},
          {"coordinator", std::move(coordinator)},
          {"members", std::move(members)},
          {"partitions", std::move(partitions)},
          {"total_lag", total_lag},
          {"errors", group.errors}};
}

}  // namespace

std::string renderGroupsJson(const std::vector<kafka::GroupInfo>& groups,
                             const std::vector<std::string>& errors) {
  json rendered = json::array();
  for (const kafka::GroupInfo& group : groups) rendered.push_back(groupJson(group));
  json body = {{"groups", std::move(rendered)}};
  if (!errors.empty()) body["errors"] = errors;
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tracker::event_consumer
