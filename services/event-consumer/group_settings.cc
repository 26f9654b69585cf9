#include "group_settings.h"

#include "common/env.h"
#include "kafka/admin.h"
#include "kafka/errors.h"
#include "kafka/producer.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>

namespace tracker::event_consumer {
namespace {

constexpr int kDefaultHeartbeatMs = 3'000;  // librdkafka's heartbeat.interval.ms default

struct ConfigResourceDeleter {
  void operator()(rd_kafka_ConfigResource_t* resource) const {
    if (resource != nullptr) rd_kafka_ConfigResource_destroy(resource);
  }
};

common::Result<void> requestFailed(std::string message) {
  return common::makeError(std::string(kafka::errc::kRequestFailed), std::move(message));
}

}  // namespace

std::string_view groupProtocolName(GroupProtocol protocol) {
  return protocol == GroupProtocol::kConsumer ? "consumer" : "classic";
}

common::Result<GroupProtocol> parseGroupProtocol(std::string_view text) {
  if (text == "classic") return GroupProtocol::kClassic;
  if (text == "consumer") return GroupProtocol::kConsumer;
  return common::invalidEnvironment(
      "TRACKER_CONSUMER_GROUP_PROTOCOL",
      "unknown protocol \"" + std::string(text) + "\" (classic, consumer)");
}

int consumerProtocolHeartbeatMs(const GroupSettings& settings) {
  if (settings.heartbeat_interval_ms) return *settings.heartbeat_interval_ms;
  return std::min(kDefaultHeartbeatMs, settings.session_timeout_ms / 3);
}

kafka::ConfigMap groupClientSettings(const GroupSettings& settings) {
  kafka::ConfigMap config;
  config["group.id"] = settings.group;
  config["group.protocol"] = std::string(groupProtocolName(settings.protocol));
  if (!settings.instance_id.empty()) config["group.instance.id"] = settings.instance_id;
  if (settings.protocol == GroupProtocol::kClassic) {
    config["partition.assignment.strategy"] = "cooperative-sticky";
    config["session.timeout.ms"] = std::to_string(settings.session_timeout_ms);
    if (settings.heartbeat_interval_ms) {
      config["heartbeat.interval.ms"] = std::to_string(*settings.heartbeat_interval_ms);
    }
  }
  return config;
}

kafka::ConfigMap groupBrokerSettings(const GroupSettings& settings) {
  if (settings.protocol != GroupProtocol::kConsumer) return {};
  return {
      {"consumer.session.timeout.ms", std::to_string(settings.session_timeout_ms)},
      {"consumer.heartbeat.interval.ms", std::to_string(consumerProtocolHeartbeatMs(settings))}};
}

common::Result<void> applyGroupBrokerSettings(const kafka::ConfigMap& connection,
                                              const GroupSettings& settings,
                                              std::chrono::milliseconds timeout) {
  const kafka::ConfigMap wanted = groupBrokerSettings(settings);
  if (wanted.empty()) return {};
  auto client = kafka::createProducer(connection);
  if (!client) return tl::unexpected(client.error());
  rd_kafka_t* handle = (*client)->c_ptr();

  std::unique_ptr<rd_kafka_ConfigResource_t, ConfigResourceDeleter> resource(
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_GROUP, settings.group.c_str()));
  for (const auto& [name, value] : wanted) {
    kafka::RdKafkaPtr<rd_kafka_error_t> error(rd_kafka_ConfigResource_add_incremental_config(
        resource.get(), name.c_str(), RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET, value.c_str()));
    if (error) return requestFailed(name + ": " + rd_kafka_error_string(error.get()));
  }
  auto options =
      kafka::makeAdminOptions(handle, RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS, timeout);
  kafka::RdKafkaPtr<rd_kafka_queue_t> queue(rd_kafka_queue_new(handle));
  rd_kafka_ConfigResource_t* resources[] = {resource.get()};
  rd_kafka_IncrementalAlterConfigs(handle, resources, 1, options.get(), queue.get());
  auto event = kafka::awaitAdminResult(queue.get(), RD_KAFKA_EVENT_INCREMENTALALTERCONFIGS_RESULT,
                                       timeout + std::chrono::milliseconds(250));
  if (!event) return tl::unexpected(event.error());
  const rd_kafka_IncrementalAlterConfigs_result_t* result =
      rd_kafka_event_IncrementalAlterConfigs_result(event->get());
  std::size_t count = 0;
  const rd_kafka_ConfigResource_t** answered =
      rd_kafka_IncrementalAlterConfigs_result_resources(result, &count);
  for (std::size_t i = 0; i < count; ++i) {
    if (rd_kafka_ConfigResource_error(answered[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* reason = rd_kafka_ConfigResource_error_string(answered[i]);
      return requestFailed("group " + settings.group + " configuration refused: " +
                           (reason == nullptr ? "no reason given" : reason));
    }
  }
  return {};
}

}  // namespace tracker::event_consumer
