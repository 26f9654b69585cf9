#pragma once

// The command line of `loadgen` (README.md shows it with examples).

#include "common/result.h"
#include "loadgen/http_driver.h"
#include "loadgen/request_source.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tracker::loadgen {

/// A validated command line.
struct Options {
  /// The ingest endpoint; a URL without a path gets "/api/events".
  std::string url = "http://127.0.0.1:8080/api/events";
  std::string api_key;
  LoadMode mode = LoadMode::kOpenLoop;
  /// Open loop: events per second (requests per second = rate / batch).
  double rate = 1000;
  /// Open loop: number of connections (the most requests in flight).
  std::size_t connections = 64;
  /// Closed loop: requests kept in flight.
  std::size_t concurrency = 0;
  /// Exactly one of duration and count is set (duration 10 s when neither is given).
  std::optional<std::chrono::nanoseconds> duration;
  std::optional<std::uint64_t> count;
  std::size_t batch = 1;
  BodyFormat format = BodyFormat::kJson;
  /// Unset: a random seed, printed in the summary so the run can be repeated.
  std::optional<std::uint64_t> seed;
  std::size_t users = 100'000;
  double zipf_exponent = 1.0;
  std::uint32_t mean_session_events = 20;
  bool event_ids = false;
  std::chrono::milliseconds timeout{10'000};
  /// Where to write the JSON summary; empty = nowhere.
  std::string report_path;
  /// No live progress on stderr.
  bool quiet = false;
  /// --help was asked for: print usageText() and exit 0.
  bool help = false;
};

/// Parses the arguments after the program name ("--rate 500", "--rate=500"). Fails with
/// errc::kUsage and a message naming the offending option.
common::Result<Options> parseOptions(std::span<const std::string_view> args);

/// The --help text.
std::string usageText();

}  // namespace tracker::loadgen
