#include "group_overview.h"

#include "kafka/admin.h"
#include "kafka/errors.h"

#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace tracker::event_consumer {
namespace {

using Clock = std::chrono::steady_clock;
using kafka::RdKafkaPtr;

// Extra wait for librdkafka's own timeout event after the request timeout has passed.
constexpr std::chrono::milliseconds kGrace{250};

std::string text(const char* value) { return value == nullptr ? std::string() : value; }

// Time left until `deadline`, never negative.
std::chrono::milliseconds left(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

GroupInfo describedGroup(const rd_kafka_ConsumerGroupDescription_t* description) {
  GroupInfo info;
  info.group_id = text(rd_kafka_ConsumerGroupDescription_group_id(description));
  if (const rd_kafka_error_t* error = rd_kafka_ConsumerGroupDescription_error(description)) {
    info.errors.push_back("describe: " + text(rd_kafka_error_string(error)));
  }
  info.state = text(
      rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(description)));
  info.protocol = text(rd_kafka_ConsumerGroupDescription_partition_assignor(description));
  info.simple = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(description) != 0;
  if (const rd_kafka_Node_t* node = rd_kafka_ConsumerGroupDescription_coordinator(description)) {
    info.coordinator = GroupCoordinator{rd_kafka_Node_id(node), text(rd_kafka_Node_host(node)),
                                        rd_kafka_Node_port(node)};
  }
  const std::size_t member_count = rd_kafka_ConsumerGroupDescription_member_count(description);
  for (std::size_t i = 0; i < member_count; ++i) {
    const rd_kafka_MemberDescription_t* member =
        rd_kafka_ConsumerGroupDescription_member(description, i);
    if (member == nullptr) continue;
    GroupMember entry;
    entry.member_id = text(rd_kafka_MemberDescription_consumer_id(member));
    if (const char* instance = rd_kafka_MemberDescription_group_instance_id(member);
        instance != nullptr && *instance != '\0') {
      entry.group_instance_id = instance;
    }
    entry.client_id = text(rd_kafka_MemberDescription_client_id(member));
    entry.host = text(rd_kafka_MemberDescription_host(member));
    const rd_kafka_MemberAssignment_t* assignment = rd_kafka_MemberDescription_assignment(member);
    const rd_kafka_topic_partition_list_t* partitions =
        assignment == nullptr ? nullptr : rd_kafka_MemberAssignment_partitions(assignment);
    for (int p = 0; partitions != nullptr && p < partitions->cnt; ++p) {
      entry.assignment.emplace_back(text(partitions->elems[p].topic),
                                    partitions->elems[p].partition);
    }
    info.members.push_back(std::move(entry));
  }
  return info;
}

}  // namespace

std::optional<std::int64_t> groupPartitionLag(const GroupPartition& partition) {
  if (partition.end_offset == 0) return 0;  // an empty partition: nothing to lag behind
  if (!partition.committed || !partition.end_offset) return std::nullopt;
  return std::max<std::int64_t>(0, *partition.end_offset - *partition.committed);
}

std::string renderGroupsJson(const std::vector<GroupInfo>& groups,
                             const std::vector<std::string>& errors) {
  using nlohmann::json;
  const auto orNull = [](const auto& value) -> json {
    return value ? json(*value) : json(nullptr);
  };
  json rendered = json::array();
  for (const GroupInfo& group : groups) {
    json members = json::array();
    for (const GroupMember& member : group.members) {
      // Assignment grouped by topic, partitions in the coordinator's order.
      json assignment = json::array();
      std::map<std::string, std::vector<std::int32_t>> by_topic;
      for (const auto& [topic, partition] : member.assignment) by_topic[topic].push_back(partition);
      for (const auto& [topic, partitions] : by_topic) {
        assignment.push_back({{"topic", topic}, {"partitions", partitions}});
      }
      members.push_back({{"member_id", member.member_id},
                         {"group_instance_id", orNull(member.group_instance_id)},
                         {"client_id", member.client_id},
                         {"host", member.host},
                         {"assignment", std::move(assignment)}});
    }
    json partitions = json::array();
    std::int64_t total_lag = 0;
    for (const GroupPartition& partition : group.partitions) {
      const auto lag = groupPartitionLag(partition);
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
    rendered.push_back({{"group_id", group.group_id},
                        {"state", group.state},
                        {"protocol", group.protocol},
                        {"simple", group.simple},
                        {"coordinator", std::move(coordinator)},
                        {"members", std::move(members)},
                        {"partitions", std::move(partitions)},
                        {"total_lag", total_lag},
                        {"errors", group.errors}});
  }
  json body = {{"groups", std::move(rendered)}};
  if (!errors.empty()) body["errors"] = errors;
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

GroupOverview::GroupOverview(kafka::ProducerPtr client, std::chrono::milliseconds timeout)
    : client_(std::move(client)), timeout_(timeout) {}

common::Result<std::unique_ptr<GroupOverview>> GroupOverview::create(
    kafka::ConfigMap connection, std::chrono::milliseconds timeout) {
  connection.emplace("client.id", "event-consumer-admin");
  auto client = kafka::createProducer(connection);
  if (!client) return tl::unexpected(client.error());
  return std::make_unique<GroupOverview>(std::move(*client), timeout);
}

common::Result<GroupsOverview> GroupOverview::describe(
    const std::optional<std::string>& group) const {
  std::lock_guard lock(mutex_);
  const auto deadline = Clock::now() + timeout_;
  rd_kafka_t* client = client_->c_ptr();
  const RdKafkaPtr<rd_kafka_queue_t> queue(rd_kafka_queue_new(client));
  GroupsOverview overview;

  // 1. Which groups.
  std::vector<std::string> names;
  if (group) {
    names.push_back(*group);
  } else {
    const auto options =
        kafka::makeAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, left(deadline));
    rd_kafka_ListConsumerGroups(client, options.get(), queue.get());
    auto event = kafka::awaitAdminResult(queue.get(), RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT,
                                         left(deadline) + kGrace);
    if (!event) return tl::unexpected(event.error());
    const auto* result = rd_kafka_event_ListConsumerGroups_result(event->get());
    std::size_t count = 0;
    const rd_kafka_ConsumerGroupListing_t** listings =
        rd_kafka_ListConsumerGroups_result_valid(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
      names.push_back(text(rd_kafka_ConsumerGroupListing_group_id(listings[i])));
    }
    const rd_kafka_error_t** errors = rd_kafka_ListConsumerGroups_result_errors(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
      overview.errors.push_back("list: " + text(rd_kafka_error_string(errors[i])));
    }
    // Every broker failed (none reachable): an outage, not an empty cluster.
    if (names.empty() && !overview.errors.empty()) {
      return common::makeError(std::string(kafka::errc::kRequestFailed), overview.errors.front());
    }
    std::sort(names.begin(), names.end());
  }
  if (names.empty()) return overview;

  // 2. Their state, coordinator and members.
  {
    std::vector<const char*> c_names;
    for (const std::string& name : names) c_names.push_back(name.c_str());
    const auto options =
        kafka::makeAdminOptions(client, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, left(deadline));
    rd_kafka_DescribeConsumerGroups(client, c_names.data(), c_names.size(), options.get(),
                                    queue.get());
    auto event = kafka::awaitAdminResult(queue.get(), RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT,
                                         left(deadline) + kGrace);
    if (!event) return tl::unexpected(event.error());
    const auto* result = rd_kafka_event_DescribeConsumerGroups_result(event->get());
    std::size_t count = 0;
    const rd_kafka_ConsumerGroupDescription_t** descriptions =
        rd_kafka_DescribeConsumerGroups_result_groups(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
      overview.groups.push_back(describedGroup(descriptions[i]));
    }
    // No group could be described (coordinators unreachable): an outage.
    if (std::all_of(overview.groups.begin(), overview.groups.end(),
                    [](const GroupInfo& info) { return !info.errors.empty(); })) {
      return common::makeError(
          std::string(kafka::errc::kRequestFailed),
          overview.groups.empty() ? "no group described" : overview.groups.front().errors.front());
    }
  }

  // 3. Committed offsets: one request per group (librdkafka takes one group per call), all in
  //    flight together, answered on the same queue.
  std::map<std::string, std::map<std::pair<std::string, std::int32_t>, GroupPartition>> partitions;
  for (const GroupInfo& info : overview.groups) {
    auto& own = partitions[info.group_id];
    for (const GroupMember& member : info.members) {
      for (const auto& [topic, partition] : member.assignment) {
        GroupPartition& entry = own[{topic, partition}];
        entry.topic = topic;
        entry.partition = partition;
        entry.member_id = member.member_id;
      }
    }
  }
  {
    const auto options =
        kafka::makeAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, left(deadline));
    for (const GroupInfo& info : overview.groups) {
      // Null partitions: every partition the group has committed to.
      RdKafkaPtr<rd_kafka_ListConsumerGroupOffsets_t> request(
          rd_kafka_ListConsumerGroupOffsets_new(info.group_id.c_str(), nullptr));
      rd_kafka_ListConsumerGroupOffsets_t* requests[] = {request.get()};
      rd_kafka_ListConsumerGroupOffsets(client, requests, 1, options.get(), queue.get());
    }
    std::set<std::string> answered;
    std::string failure;
    for (std::size_t i = 0; i < overview.groups.size(); ++i) {
      auto event = kafka::awaitAdminResult(
          queue.get(), RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT, left(deadline) + kGrace);
      if (!event) {
        failure = event.error().message;
        if (left(deadline).count() == 0) break;
        continue;
      }
      const auto* result = rd_kafka_event_ListConsumerGroupOffsets_result(event->get());
      std::size_t count = 0;
      const rd_kafka_group_result_t** results =
          rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count);
      for (std::size_t g = 0; g < count; ++g) {
        const std::string name = text(rd_kafka_group_result_name(results[g]));
        answered.insert(name);
        auto info =
            std::find_if(overview.groups.begin(), overview.groups.end(),
                         [&](const GroupInfo& candidate) { return candidate.group_id == name; });
        if (info == overview.groups.end()) continue;
        if (const rd_kafka_error_t* error = rd_kafka_group_result_error(results[g])) {
          info->errors.push_back("offsets: " + text(rd_kafka_error_string(error)));
        }
        const rd_kafka_topic_partition_list_t* offsets =
            rd_kafka_group_result_partitions(results[g]);
        for (int p = 0; offsets != nullptr && p < offsets->cnt; ++p) {
          const rd_kafka_topic_partition_t& element = offsets->elems[p];
          GroupPartition& entry = partitions[name][{text(element.topic), element.partition}];
          entry.topic = text(element.topic);
          entry.partition = element.partition;
          if (element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0) {
            entry.committed = element.offset;
          }
        }
      }
    }
    for (GroupInfo& info : overview.groups) {
      if (!answered.contains(info.group_id)) {
        info.errors.push_back("offsets: " + (failure.empty() ? "no answer" : failure));
      }
    }
  }

  // 4. End offsets, each topic-partition queried once, while the budget lasts.
  std::map<std::pair<std::string, std::int32_t>, std::optional<std::int64_t>> end_offsets;
  bool out_of_time = false;
  std::string watermark_error;
  for (GroupInfo& info : overview.groups) {
    for (auto& [key, entry] : partitions[info.group_id]) {
      auto [found, inserted] = end_offsets.try_emplace(key);
      if (inserted) {
        const auto budget = left(deadline);
        std::int64_t low = -1;
        std::int64_t high = -1;
        if (budget.count() == 0) {
          out_of_time = true;
        } else if (const rd_kafka_resp_err_t code =
                       rd_kafka_query_watermark_offsets(client, key.first.c_str(), key.second, &low,
                                                        &high, static_cast<int>(budget.count()));
                   code == RD_KAFKA_RESP_ERR_NO_ERROR) {
          found->second = high;
        } else if (watermark_error.empty()) {
          watermark_error =
              key.first + "/" + std::to_string(key.second) + ": " + rd_kafka_err2str(code);
        }
      }
      entry.end_offset = found->second;
      info.partitions.push_back(entry);
    }
  }
  if (!watermark_error.empty()) overview.errors.push_back("end offsets: " + watermark_error);
  if (out_of_time) overview.errors.push_back("end offsets: time budget exhausted");
  return overview;
}

}  // namespace tracker::event_consumer
