#pragma once

// Command line of kafka-roundtrip.

#include "common/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tracker::kafka_roundtrip {

/// Error code for a command line that cannot be used (exit status 2).
inline constexpr std::string_view kUsageError = "roundtrip.usage";

/// Usage text printed for --help and after a usage error.
extern const std::string_view kUsage;

/// What one run does. Defaults are those documented in kUsage.
struct Options {
  std::string bootstrap;         ///< --bootstrap HOST:PORT[,HOST:PORT...]
  std::string topic;             ///< --topic
  std::int64_t count = 0;        ///< --count: records to produce (> 0)
  std::int64_t keys = 50;        ///< --keys: distinct keys user-0 .. user-<keys-1>
  double rate = 0;               ///< --rate: records per second; 0 = as fast as possible
  std::int64_t timeout_s = 120;  ///< --timeout-s: budget for flushing, and again for reading back
  std::string group;             ///< --group: consumer group; empty = a fresh one per run
  bool help = false;             ///< --help / -h was given; nothing else is validated
};

/// Parses the arguments after the program name. Accepts "--flag value" and "--flag=value".
/// Fails with kUsageError naming the offending flag or value.
common::Result<Options> parseOptions(std::span<const std::string_view> args);

}  // namespace tracker::kafka_roundtrip
