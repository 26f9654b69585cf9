#pragma once

// GET /api/groups: the consumer groups of the cluster as Kafka's Admin API sees them (librdkafka
// 2.0.2: ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets), with each
// partition's committed offset, end offset (high watermark, rd_kafka_query_watermark_offsets) and
// lag. One request is answered at a time, within one overall time budget.

#include "common/result.h"
#include "kafka/config.h"
#include "kafka/producer.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// One partition a group has committed to or has assigned.
struct GroupPartition {
  std::string topic;
  std::int32_t partition = 0;
  /// Next offset the group will read; nullopt when it never committed.
  std::optional<std::int64_t> committed;
  /// High watermark; nullopt when it could not be read in time.
  std::optional<std::int64_t> end_offset;
  /// Member the partition is assigned to; empty when unassigned.
  std::string member_id;
};

/// One member as the coordinator describes it.
struct GroupMember {
  std::string member_id;
  /// group.instance.id of a static member.
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::string host;
  /// Assigned (topic, partition) pairs, in the coordinator's order.
  std::vector<std::pair<std::string, std::int32_t>> assignment;
};

/// The group's coordinator broker.
struct GroupCoordinator {
  std::int32_t id = -1;
  std::string host;
  std::uint16_t port = 0;
};

/// One consumer group.
struct GroupInfo {
  std::string group_id;
  /// "Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Dead", "Unknown".
  std::string state;
  /// Partition assignor of the current generation ("cooperative-sticky", "range", ...).
  std::string protocol;
  /// A group without members that only stores offsets (assign() users).
  bool simple = false;
  std::optional<GroupCoordinator> coordinator;
  std::vector<GroupMember> members;
  /// Sorted by topic then partition.
  std::vector<GroupPartition> partitions;
  /// Why the description or the offsets of this group are missing; the rest is still shown.
  std::vector<std::string> errors;
};

/// end − committed when both are known (never negative), 0 for an empty partition, else nullopt.
std::optional<std::int64_t> groupPartitionLag(const GroupPartition& partition);

/// The body of GET /api/groups: {"groups":[...]} with per-partition and total lag; `errors`
/// (cluster-level: a broker that did not answer the listing) is included when not empty.
std::string renderGroupsJson(const std::vector<GroupInfo>& groups,
                             const std::vector<std::string>& errors = {});

/// The groups of one answer plus the brokers that failed to list theirs.
struct GroupsOverview {
  std::vector<GroupInfo> groups;
  std::vector<std::string> errors;
};

/// Owns its own client handle (a producer that never produces: the Admin API needs no consumer)
/// and answers one request at a time.
class GroupOverview {
 public:
  /// `connection`: bootstrap.servers and other connection settings (no group.id needed);
  /// `timeout`: the budget of one whole describe() call. Fails only on configuration.
  static common::Result<std::unique_ptr<GroupOverview>> create(kafka::ConfigMap connection,
                                                               std::chrono::milliseconds timeout);

  /// Every group of the cluster, or only `group` when given (a group Kafka does not know comes
  /// back in state "Dead" without members or offsets). Fails with kafka::errc::kRequestFailed
  /// when no broker answers the listing or no group can be described in time; a partial answer
  /// (one broker or group failing, offsets or end offsets missing) is reported in the errors
  /// fields or as nulls instead.
  common::Result<GroupsOverview> describe(const std::optional<std::string>& group) const;

  /// Takes over `client` (any librdkafka handle; create() makes one).
  GroupOverview(kafka::ProducerPtr client, std::chrono::milliseconds timeout);

 private:
  kafka::ProducerPtr client_;
  std::chrono::milliseconds timeout_;
  // One describe() at a time: bounds the Kafka requests an HTTP client can cause.
  mutable std::mutex mutex_;
};

}  // namespace tracker::event_consumer
