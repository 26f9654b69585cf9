#include "kafka/group_admin.h"

#include "kafka/admin.h"
#include "kafka/errors.h"

#include <algorithm>
#include <map>
#include <set>

namespace tracker::kafka {
namespace {

using Clock = std::chrono::steady_clock;
// Per group: (topic, partition) → what is known of it.
using PartitionBook =
    std::map<std::string, std::map<std::pair<std::string, std::int32_t>, GroupPartition>>;

// Extra wait for librdkafka's own timeout event after the request timeout has passed.
constexpr std::chrono::milliseconds kGrace{250};

std::string text(const char* value) { return value == nullptr ? std::string() : value; }

// Time left until `deadline`, never negative.
std::chrono::milliseconds left(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

std::string groupTypeName(rd_kafka_consumer_group_type_t type) {
  switch (type) {
    case RD_KAFKA_CONSUMER_GROUP_TYPE_CLASSIC:
      return "classic";
    case RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER:
      return "consumer";
    default:
      return "unknown";
  }
}

TopicPartitions topicPartitions(const rd_kafka_MemberAssignment_t* assignment) {
  TopicPartitions pairs;
  const rd_kafka_topic_partition_list_t* partitions =
      assignment == nullptr ? nullptr : rd_kafka_MemberAssignment_partitions(assignment);
  for (int p = 0; partitions != nullptr && p < partitions->cnt; ++p) {
    pairs.emplace_back(text(partitions->elems[p].topic), partitions->elems[p].partition);
  }
  return pairs;
}

GroupMember memberOf(const rd_kafka_MemberDescription_t* member, bool consumer_protocol) {
  GroupMember entry;
  entry.member_id = text(rd_kafka_MemberDescription_consumer_id(member));
  if (const char* instance = rd_kafka_MemberDescription_group_instance_id(member);
      instance != nullptr && *instance != '\0') {
    entry.group_instance_id = instance;
  }
  entry.client_id = text(rd_kafka_MemberDescription_client_id(member));
  entry.host = text(rd_kafka_MemberDescription_host(member));
  entry.assignment = topicPartitions(rd_kafka_MemberDescription_assignment(member));
  if (consumer_protocol) {
    // NULL for classic groups; a consumer-protocol member without one has an empty target.
    entry.target_assignment = topicPartitions(rd_kafka_MemberDescription_target_assignment(member));
  }
  return entry;
}

// The names of every group of the cluster (sorted); per-broker failures go to `errors`.
common::Result<std::vector<std::string>> listGroupNames(rd_kafka_t* client, rd_kafka_queue_t* queue,
                                                        Clock::time_point deadline,
                                                        std::vector<std::string>& errors) {
  const auto options =
      makeAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, left(deadline));
  rd_kafka_ListConsumerGroups(client, options.get(), queue);
  auto event =
      awaitAdminResult(queue, RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT, left(deadline) + kGrace);
  if (!event) return tl::unexpected(event.error());
  const auto* result = rd_kafka_event_ListConsumerGroups_result(event->get());
  std::vector<std::string> names;
  std::size_t count = 0;
  const rd_kafka_ConsumerGroupListing_t** listings =
      rd_kafka_ListConsumerGroups_result_valid(result, &count);
  for (std::size_t i = 0; i < count; ++i) {
    names.push_back(text(rd_kafka_ConsumerGroupListing_group_id(listings[i])));
  }
  const rd_kafka_error_t** failures = rd_kafka_ListConsumerGroups_result_errors(result, &count);
  for (std::size_t i = 0; i < count; ++i) {
    errors.push_back("list: " + text(rd_kafka_error_string(failures[i])));
  }
  // Every broker failed (none reachable): an outage, not an empty cluster.
  if (names.empty() && !errors.empty()) {
    return common::makeError(std::string(errc::kRequestFailed), errors.front());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// State, type, coordinator and members of each named group.
common::Result<std::vector<GroupInfo>> describeNamed(rd_kafka_t* client, rd_kafka_queue_t* queue,
                                                     const std::vector<std::string>& names,
                                                     Clock::time_point deadline) {
  std::vector<const char*> c_names;
  for (const std::string& name : names) c_names.push_back(name.c_str());
  const auto options =
      makeAdminOptions(client, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, left(deadline));
  rd_kafka_DescribeConsumerGroups(client, c_names.data(), c_names.size(), options.get(), queue);
  auto event = awaitAdminResult(queue, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT,
                                left(deadline) + kGrace);
  if (!event) return tl::unexpected(event.error());
  const auto* result = rd_kafka_event_DescribeConsumerGroups_result(event->get());
  std::size_t count = 0;
  const rd_kafka_ConsumerGroupDescription_t** descriptions =
      rd_kafka_DescribeConsumerGroups_result_groups(result, &count);
  std::vector<GroupInfo> groups;
  for (std::size_t i = 0; i < count; ++i) groups.push_back(groupInfoOf(descriptions[i]));
  // No group could be described (coordinators unreachable): an outage.
  if (std::all_of(groups.begin(), groups.end(),
                  [](const GroupInfo& info) { return !info.errors.empty(); })) {
    return common::makeError(std::string(errc::kRequestFailed),
                             groups.empty() ? "no group described" : groups.front().errors.front());
  }
  return groups;
}

// The partitions each group's members own, keyed per group.
PartitionBook assignedPartitions(const std::vector<GroupInfo>& groups) {
  PartitionBook book;
  for (const GroupInfo& info : groups) {
    auto& own = book[info.group_id];
    for (const GroupMember& member : info.members) {
      for (const auto& [topic, partition] : member.assignment) {
        GroupPartition& entry = own[{topic, partition}];
        entry.topic = topic;
        entry.partition = partition;
        entry.member_id = member.member_id;
      }
    }
  }
  return book;
}

// Files one ListConsumerGroupOffsets answer (one group) into `book` and its group's errors.
void fileOffsets(const rd_kafka_group_result_t* result, std::vector<GroupInfo>& groups,
                 PartitionBook& book) {
  const std::string name = text(rd_kafka_group_result_name(result));
  auto info = std::find_if(groups.begin(), groups.end(),
                           [&](const GroupInfo& candidate) { return candidate.group_id == name; });
  if (info == groups.end()) return;
  if (const rd_kafka_error_t* error = rd_kafka_group_result_error(result)) {
    info->errors.push_back("offsets: " + text(rd_kafka_error_string(error)));
  }
  const rd_kafka_topic_partition_list_t* offsets = rd_kafka_group_result_partitions(result);
  for (int p = 0; offsets != nullptr && p < offsets->cnt; ++p) {
    const rd_kafka_topic_partition_t& element = offsets->elems[p];
    GroupPartition& entry = book[name][{text(element.topic), element.partition}];
    entry.topic = text(element.topic);
    entry.partition = element.partition;
    if (element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0) {
      entry.committed = element.offset;
    }
  }
}

// Committed offsets: one request per group (librdkafka takes one group per call), all in flight
// together, answered on the same queue. A group left unanswered gets an error.
void readCommittedOffsets(rd_kafka_t* client, rd_kafka_queue_t* queue, Clock::time_point deadline,
                          std::vector<GroupInfo>& groups, PartitionBook& book) {
  const auto options =
      makeAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, left(deadline));
  for (const GroupInfo& info : groups) {
    // Null partitions: every partition the group has committed to.
    RdKafkaPtr<rd_kafka_ListConsumerGroupOffsets_t> request(
        rd_kafka_ListConsumerGroupOffsets_new(info.group_id.c_str(), nullptr));
    rd_kafka_ListConsumerGroupOffsets_t* requests[] = {request.get()};
    rd_kafka_ListConsumerGroupOffsets(client, requests, 1, options.get(), queue);
  }
  std::set<std::string> answered;
  std::string failure;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    auto event = awaitAdminResult(queue, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
                                  left(deadline) + kGrace);
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
      answered.insert(text(rd_kafka_group_result_name(results[g])));
      fileOffsets(results[g], groups, book);
    }
  }
  for (GroupInfo& info : groups) {
    if (!answered.contains(info.group_id)) {
      info.errors.push_back("offsets: " + (failure.empty() ? "no answer" : failure));
    }
  }
}

// End offsets, each topic-partition queried once while the budget lasts; fills every group's
// `partitions` from `book`. Failures go to the overview's errors.
void readEndOffsets(rd_kafka_t* client, Clock::time_point deadline, GroupsOverview& overview,
                    PartitionBook& book) {
  std::map<std::pair<std::string, std::int32_t>, std::optional<std::int64_t>> end_offsets;
  bool out_of_time = false;
  std::string watermark_error;
  for (GroupInfo& info : overview.groups) {
    for (auto& [key, entry] : book[info.group_id]) {
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
}

}  // namespace

GroupInfo groupInfoOf(const rd_kafka_ConsumerGroupDescription_t* description) {
  GroupInfo info;
  info.group_id = text(rd_kafka_ConsumerGroupDescription_group_id(description));
  if (const rd_kafka_error_t* error = rd_kafka_ConsumerGroupDescription_error(description)) {
    info.errors.push_back("describe: " + text(rd_kafka_error_string(error)));
  }
  const rd_kafka_consumer_group_type_t type = rd_kafka_ConsumerGroupDescription_type(description);
  info.type = groupTypeName(type);
  info.state = text(
      rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(description)));
  info.assignor = text(rd_kafka_ConsumerGroupDescription_partition_assignor(description));
  info.simple = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(description) != 0;
  if (const rd_kafka_Node_t* node = rd_kafka_ConsumerGroupDescription_coordinator(description)) {
    info.coordinator = GroupCoordinator{rd_kafka_Node_id(node), text(rd_kafka_Node_host(node)),
                                        rd_kafka_Node_port(node)};
  }
  const std::size_t member_count = rd_kafka_ConsumerGroupDescription_member_count(description);
  for (std::size_t i = 0; i < member_count; ++i) {
    if (const rd_kafka_MemberDescription_t* member =
            rd_kafka_ConsumerGroupDescription_member(description, i)) {
      info.members.push_back(memberOf(member, type == RD_KAFKA_CONSUMER_GROUP_TYPE_CONSUMER));
    }
  }
  return info;
}

common::Result<GroupsOverview> describeGroups(rd_kafka_t* client,
                                              const std::optional<std::string>& group,
                                              std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const RdKafkaPtr<rd_kafka_queue_t> queue(rd_kafka_queue_new(client));
  GroupsOverview overview;
  std::vector<std::string> names;
  if (group) {
    names.push_back(*group);
  } else {
    auto listed = listGroupNames(client, queue.get(), deadline, overview.errors);
    if (!listed) return tl::unexpected(listed.error());
    names = std::move(*listed);
  }
  if (names.empty()) return overview;
  auto described = describeNamed(client, queue.get(), names, deadline);
  if (!described) return tl::unexpected(described.error());
  overview.groups = std::move(*described);
  PartitionBook book = assignedPartitions(overview.groups);
  readCommittedOffsets(client, queue.get(), deadline, overview.groups, book);
  readEndOffsets(client, deadline, overview, book);
  return overview;
}

GroupAdmin::GroupAdmin(ProducerPtr client, std::chrono::milliseconds timeout)
    : client_(std::move(client)), timeout_(timeout) {}

common::Result<std::unique_ptr<GroupAdmin>> GroupAdmin::create(ConfigMap connection,
                                                               std::chrono::milliseconds timeout) {
  connection.emplace("client.id", "tracker-group-admin");
  auto client = createProducer(connection);
  if (!client) return tl::unexpected(client.error());
  return std::make_unique<GroupAdmin>(std::move(*client), timeout);
}

common::Result<GroupsOverview> GroupAdmin::describe(const std::optional<std::string>& group) const {
  std::lock_guard lock(mutex_);
  return describeGroups(client_->c_ptr(), group, timeout_);
}

}  // namespace tracker::kafka
