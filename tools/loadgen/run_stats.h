#pragma once

// What happened during a run: counters, statuses, rejection reasons, transport errors and
// latency, kept for the whole run and for the current one-second interval (live progress).
// Owned and updated by the thread that drives the requests, so nothing here is synchronized.

#include "loadgen/histogram.h"
#include "loadgen/response.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace tracker::loadgen {

/// Monotonic counters of a run or of an interval.
struct Counters {
  std::uint64_t requests_sent = 0;
  std::uint64_t responses = 0;
  std::uint64_t transport_errors = 0;
  std::uint64_t events_sent = 0;
  std::uint64_t events_accepted = 0;
  std::uint64_t events_rejected = 0;
  /// Events of requests that failed in transport (neither accepted nor rejected).
  std::uint64_t events_failed = 0;
};

/// The counters and latency of the interval since the previous takeInterval().
struct IntervalStats {
  Counters counters;
  Histogram latency_us;
};

/// Accumulates the outcome of every request of a run.
class RunStats {
 public:
  /// A request carrying `events` events was handed to the network.
  void recordSent(std::size_t events);

  /// A request was answered with HTTP `status` after `latency_us` microseconds.
  void recordResponse(long status, const ResponseOutcome& outcome, std::uint64_t latency_us);

  /// A request carrying `events` events failed without an HTTP answer. `kind` is a short stable
  /// name ("connect_failed", "timeout"); `message` libcurl's explanation (the first is kept).
  void recordTransportError(std::string_view kind, std::string_view message, std::size_t events);

  /// Returns the interval's counters and latency, and starts a new interval.
  IntervalStats takeInterval();

  const Counters& totals() const { return totals_; }
  const Histogram& latencyUs() const { return latency_us_; }
  const std::map<long, std::uint64_t>& statuses() const { return statuses_; }
  const std::map<std::string, std::uint64_t, std::less<>>& rejectedByCode() const {
    return rejected_by_code_;
  }
  const std::map<std::string, std::uint64_t, std::less<>>& transportErrors() const {
    return transport_errors_;
  }
  /// libcurl's message for the first transport error (empty when there was none).
  const std::string& firstTransportError() const { return first_transport_error_; }

 private:
  Counters totals_;
  Counters interval_start_;
  Histogram latency_us_;
  Histogram interval_latency_us_;
  std::map<long, std::uint64_t> statuses_;
  std::map<std::string, std::uint64_t, std::less<>> rejected_by_code_;
  std::map<std::string, std::uint64_t, std::less<>> transport_errors_;
  std::string first_transport_error_;
};

}  // namespace tracker::loadgen
