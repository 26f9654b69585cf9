#pragma once

// Creating librdkafka producers with the project's delivery guarantees.

#include "common/result.h"
#include "kafka/config.h"

#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string_view>

namespace tracker::kafka {

/// Owns a producer. Destroying it does NOT wait for queued messages: call flush() first (with a
/// bounded timeout) when undelivered messages matter.
using ProducerPtr = std::unique_ptr<RdKafka::Producer>;

/// librdkafka's name for the partitioner that matches the Java client for keyed records
/// (murmur2 over the key bytes; records without a key are spread randomly).
inline constexpr std::string_view kJavaCompatiblePartitioner = "murmur2_random";

/// `config` with the settings that make delivery reliable forced on: enable.idempotence=true
/// (no duplicates and no reordering from retries within a partition) and acks=all.
/// Any value the caller gave for those two keys is replaced.
ConfigMap reliableProducerConfig(ConfigMap config);

/// Creates a producer from `config` exactly as given. Fails with errc::kInvalidConfig or
/// errc::kClientCreation. No broker is contacted here; connection problems surface later through
/// the event callback and delivery reports.
common::Result<ProducerPtr> createProducer(const ConfigMap& config,
                                           const ClientCallbacks& callbacks = {});

/// Creates a producer from reliableProducerConfig(config): idempotent, acks=all.
common::Result<ProducerPtr> createReliableProducer(ConfigMap config,
                                                   const ClientCallbacks& callbacks = {});

}  // namespace tracker::kafka
