#pragma once

// What the user sees: the live progress line (stderr, once per second), the final summary
// (stdout) and the same summary as JSON for benchmark scripts (--report FILE).

#include "common/result.h"
#include "loadgen/http_driver.h"
#include "loadgen/options.h"
#include "loadgen/run_stats.h"

#include <cstdint>
#include <string>

namespace tracker::loadgen {

/// Everything a summary is made of. References: the caller keeps the objects alive.
struct RunReport {
  const Options& options;
  /// The seed actually used (a random one when --seed was not given).
  std::uint64_t seed;
  const DriverResult& result;
  const RunStats& stats;
};

/// One progress line (no newline): totals so far and the last interval's rates and latency.
std::string formatProgress(const DriverTick& tick, const IntervalStats& interval,
                           const Counters& totals);

/// The human-readable summary, several lines ending in a newline.
std::string formatSummary(const RunReport& report);

/// The summary as a JSON document (README.md documents the fields).
std::string summaryJson(const RunReport& report);

/// Writes `text` to `path` (replacing it); fails with errc::kReportWrite.
common::Result<void> writeFile(const std::string& path, const std::string& text);

}  // namespace tracker::loadgen
