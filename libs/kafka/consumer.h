#pragma once

// Creating librdkafka group consumers that leave their group cleanly when destroyed.

#include "common/result.h"
#include "kafka/config.h"

#include <librdkafka/rdkafkacpp.h>

#include <memory>

namespace tracker::kafka {

/// Deleter that close()s a KafkaConsumer before deleting it, so the group is left at once (instead
/// of after session.timeout.ms) and the rebalance callback sees the final revocation.
struct CloseAndDeleteConsumer {
  /// Closes then deletes `consumer`; a null pointer is ignored.
  void operator()(RdKafka::KafkaConsumer* consumer) const;
};

/// Owns a group consumer; see CloseAndDeleteConsumer. close() may block while the group is left
/// and the final offsets are committed.
using ConsumerPtr = std::unique_ptr<RdKafka::KafkaConsumer, CloseAndDeleteConsumer>;

/// Creates a group consumer from `config` (which must contain group.id). Fails with
/// errc::kInvalidConfig or errc::kClientCreation.
common::Result<ConsumerPtr> createConsumer(const ConfigMap& config,
                                           const ClientCallbacks& callbacks = {});

}  // namespace tracker::kafka
