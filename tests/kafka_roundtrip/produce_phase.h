#pragma once

// First half of kafka-roundtrip: produce the planned records and collect delivery reports.

#include "common/result.h"
#include "options.h"
#include "roundtrip_checker.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace tracker::kafka_roundtrip {

/// What record number `index` of a run carries. Record i uses key user-<i % keys>, so the
/// per-key sequence number in produce order is i / keys: 0, 1, 2, ... for every key.
struct PlannedRecord {
  std::string event_id;  ///< "<run_id>-<index>"
  std::string user_id;   ///< "user-<index % keys>", also the key's user_id
  std::int64_t seq = 0;  ///< index / keys
};

/// The plan for record `index` of run `run_id` with `keys` distinct keys (keys > 0).
PlannedRecord planRecord(const std::string& run_id, std::int64_t index, std::int64_t keys);

/// Produces options.count records to options.topic with an idempotent, acks=all producer
/// partitioning like the Java client, paced at options.rate if non-zero, then flushes for at most
/// options.timeout_s and purges what is still undelivered (those count as failed).
///
/// Every delivery report lands in `checker`; each 100th ack writes
/// "progress acked=<n> failed=<m>" to `progress` and flushes it. Returns the seconds from the first
/// produce() to the end of flushing, or an error if the producer cannot be configured or created.
common::Result<double> runProducePhase(const Options& options, const std::string& run_id,
                                       RoundtripChecker& checker, std::ostream& progress);

}  // namespace tracker::kafka_roundtrip
