#pragma once

// How an instance takes part in its consumer group: the rebalance protocol (classic with the
// cooperative-sticky assignor, or KIP-848's consumer protocol with the broker-side assignor),
// static membership and the liveness timeouts. Under the consumer protocol the session timeout and
// heartbeat interval belong to the broker: librdkafka refuses them as client settings, so they are
// written as the group's configuration through the Admin API instead.

#include "common/result.h"
#include "kafka/config.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// librdkafka's group.protocol.
enum class GroupProtocol {
  /// JoinGroup/SyncGroup, assignment computed by the group leader (cooperative-sticky here).
  kClassic,
  /// KIP-848 ConsumerGroupHeartbeat, assignment computed by the broker, always incremental.
  kConsumer,
};

/// "classic" or "consumer" (librdkafka's and the broker's names).
std::string_view groupProtocolName(GroupProtocol protocol);

/// Parses "classic" or "consumer" (TRACKER_CONSUMER_GROUP_PROTOCOL). Fails with
/// common::errc::kInvalidEnvironment naming that variable on anything else.
common::Result<GroupProtocol> parseGroupProtocol(std::string_view text);

/// The membership of one instance.
struct GroupSettings {
  std::string group;
  GroupProtocol protocol = GroupProtocol::kClassic;
  /// group.instance.id (static membership); empty = dynamic member.
  std::string instance_id;
  int session_timeout_ms = 45'000;
  /// nullopt = the default: librdkafka's 3 s under classic; under consumer the same 3 s (a third
  /// of the session when that is shorter), not the broker's 5 s, so both protocols compare fairly.
  std::optional<int> heartbeat_interval_ms;
};

/// The heartbeat interval the group gets under the consumer protocol (see heartbeat_interval_ms).
int consumerProtocolHeartbeatMs(const GroupSettings& settings);

/// The client properties of the membership: group.id, group.protocol, group.instance.id when set;
/// under classic also partition.assignment.strategy=cooperative-sticky, session.timeout.ms and
/// heartbeat.interval.ms (when set). Under consumer none of the last three: librdkafka refuses
/// them (they are groupBrokerSettings()).
kafka::ConfigMap groupClientSettings(const GroupSettings& settings);

/// The group configuration the broker holds under the consumer protocol (the GROUP resource of
/// IncrementalAlterConfigs): consumer.session.timeout.ms and consumer.heartbeat.interval.ms.
/// Empty under classic. The whole group shares it: the instance that starts last sets it.
kafka::ConfigMap groupBrokerSettings(const GroupSettings& settings);

/// Writes groupBrokerSettings() for settings.group through a short-lived admin client built from
/// `connection` (bootstrap.servers, ...); does nothing under classic. Fails with
/// kafka.request_failed carrying the broker's reason, e.g. a session timeout outside the broker's
/// group.consumer.{min,max}.session.timeout.ms, or no answer within `timeout`.
common::Result<void> applyGroupBrokerSettings(const kafka::ConfigMap& connection,
                                              const GroupSettings& settings,
                                              std::chrono::milliseconds timeout);

}  // namespace tracker::event_consumer
