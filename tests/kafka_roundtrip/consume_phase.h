#pragma once

// Second half of kafka-roundtrip: read the topic back from the beginning and check it.

#include "common/result.h"
#include "options.h"
#include "roundtrip_checker.h"

#include <string>

namespace tracker::kafka_roundtrip {

/// Reads options.topic from the earliest offset with a consumer in `group_id` (auto-commit off)
/// and feeds every record of the run into `checker`, until every acknowledged record has been read
/// and all assigned partitions are at their end, or options.timeout_s has passed.
///
/// Returns the seconds spent, or an error if the consumer cannot be configured or created.
/// Records that do not decode (key or value not the expected Protobuf, seq not a number) are
/// reported on stderr and otherwise skipped; if they were acknowledged they show as missing.
common::Result<double> runConsumePhase(const Options& options, const std::string& group_id,
                                       RoundtripChecker& checker);

}  // namespace tracker::kafka_roundtrip
