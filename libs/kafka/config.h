#pragma once

// Turning plain key/value settings into a librdkafka configuration object, with every rejected
// setting reported as an error value instead of being silently ignored.

#include "common/result.h"

#include <librdkafka/rdkafkacpp.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace tracker::kafka {

/// librdkafka properties by name (see librdkafka's CONFIGURATION.md), e.g.
/// {"bootstrap.servers", "127.0.0.1:9092"}. Topic-level properties (acks, partitioner, ...) may be
/// given here too; librdkafka applies them to the default topic configuration.
using ConfigMap = std::map<std::string, std::string, std::less<>>;

/// Callbacks to register on a client. Each is optional; every one that is set must outlive the
/// client created from the configuration (librdkafka keeps the raw pointer).
struct ClientCallbacks {
  /// Producer: one call per message when it is acknowledged or definitively failed.
  RdKafka::DeliveryReportCb* delivery_report = nullptr;
  /// Errors, statistics, logs and throttling reported by the client.
  RdKafka::EventCb* event = nullptr;
  /// Consumer: partition assignment and revocation.
  RdKafka::RebalanceCb* rebalance = nullptr;
};

/// Builds a global RdKafka::Conf from `config` and `callbacks`.
///
/// Fails with errc::kInvalidConfig naming the first rejected property and librdkafka's reason
/// (unknown property, invalid value). Values of secret-looking properties (passwords, secrets) are
/// never copied into the error message.
common::Result<std::unique_ptr<RdKafka::Conf>> buildConf(const ConfigMap& config,
                                                         const ClientCallbacks& callbacks = {});

}  // namespace tracker::kafka
