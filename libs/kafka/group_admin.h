#pragma once

// The consumer groups of a cluster as Kafka's Admin API sees them (librdkafka's C Admin API:
// ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets), with each partition's
// committed offset and end offset (high watermark, rd_kafka_query_watermark_offsets). Both group
// protocols are described: classic groups and KIP-848 "consumer" groups (librdkafka 2.14 asks with
// ConsumerGroupDescribe first and falls back to DescribeGroups), the latter with each member's
// target assignment. Values only; rendering them is the caller's business.

#include "common/result.h"
#include "kafka/config.h"
#include "kafka/producer.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tracker::kafka {

/// (topic, partition) pairs in the coordinator's order.
using TopicPartitions = std::vector<std::pair<std::string, std::int32_t>>;

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
  TopicPartitions assignment;
  /// Consumer-protocol groups only (KIP-848): the assignment the coordinator is moving this
  /// member to (equal to `assignment` once reconciled); nullopt for classic groups, where
  /// librdkafka exposes none.
  std::optional<TopicPartitions> target_assignment;
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
  /// The group protocol, as group.protocol spells it: "classic", "consumer" (KIP-848), or
  /// "unknown" when the broker does not say.
  std::string type;
  /// "Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Assigning",
  /// "Reconciling", "Dead", "Unknown".
  std::string state;
  /// Partition assignor of the current generation ("cooperative-sticky", "range", "uniform", ...).
  std::string assignor;
  /// A group without members that only stores offsets (assign() users).
  bool simple = false;
  std::optional<GroupCoordinator> coordinator;
  std::vector<GroupMember> members;
  /// Sorted by topic then partition.
  std::vector<GroupPartition> partitions;
  /// Why the description or the offsets of this group are missing; the rest is still shown.
  std::vector<std::string> errors;
};

/// The groups of one answer plus the brokers that failed to list theirs.
struct GroupsOverview {
  std::vector<GroupInfo> groups;
  std::vector<std::string> errors;
};

/// Every group of the cluster, or only `group` when given (a group Kafka does not know comes
/// back in state "Dead" without members or offsets), asked through `client` (any handle) within
/// `timeout` overall. Fails with errc::kRequestFailed when no broker answers the listing or no
/// group can be described in time; a partial answer (one broker or group failing, offsets or end
/// offsets missing) is reported in the errors fields or as nullopt instead.
common::Result<GroupsOverview> describeGroups(rd_kafka_t* client,
                                              const std::optional<std::string>& group,
                                              std::chrono::milliseconds timeout);

/// The value of one librdkafka group description (no request involved; what describeGroups
/// does with each description).
GroupInfo groupInfoOf(const rd_kafka_ConsumerGroupDescription_t* description);

/// Owns its own client handle (a producer that never produces: the Admin API needs no consumer)
/// and answers one describe() at a time, which bounds the Kafka requests its callers can cause.
class GroupAdmin {
 public:
  /// `connection`: bootstrap.servers and other connection settings (no group.id needed;
  /// client.id defaults to "tracker-group-admin"); `timeout`: the budget of one whole describe()
  /// call. Fails only on configuration.
  static common::Result<std::unique_ptr<GroupAdmin>> create(ConfigMap connection,
                                                            std::chrono::milliseconds timeout);

  /// describeGroups() on this object's client and budget.
  common::Result<GroupsOverview> describe(const std::optional<std::string>& group) const;

  /// Takes over `client` (any librdkafka handle; create() makes one).
  GroupAdmin(ProducerPtr client, std::chrono::milliseconds timeout);

 private:
  ProducerPtr client_;
  std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
};

}  // namespace tracker::kafka
