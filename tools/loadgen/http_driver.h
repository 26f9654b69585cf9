#pragma once

// Drives many concurrent keep-alive HTTP requests from one thread with libcurl's multi interface
// (the multi_socket API over epoll, so a wait costs O(ready sockets) and wakes at a nanosecond
// deadline rather than on a millisecond tick).
//
// Two load models:
//  - open loop: request k is due at start + k / requests_per_second, whatever the server does.
//    A due request waits for a free connection if all are busy, and its latency is measured from
//    the time it was due, not from when it was sent, so a slow server cannot hide its slowness by
//    slowing the generator down (no coordinated omission).
//  - closed loop: `slots` requests are kept in flight; each answer starts the next request and
//    latency is measured from the actual send.
//
// Every connection (easy handle) is created once and reused for the whole run; libcurl's
// connection cache in the multi handle keeps the TCP connections open between requests.

#include "common/result.h"
#include "loadgen/request_source.h"
#include "loadgen/run_stats.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tracker::loadgen {

/// How requests are paced.
enum class LoadMode { kOpenLoop, kClosedLoop };

/// Everything the driver needs to know about a run.
struct DriverOptions {
  /// Full URL of the ingest endpoint, query included.
  std::string url = {};
  std::string content_type = {};
  /// Sent as X-API-Key when not empty.
  std::string api_key = {};
  /// Bodies are arrays / batch messages, so answers carry per-item results.
  bool batch = false;
  LoadMode mode = LoadMode::kClosedLoop;
  /// Open loop only: the request timetable's rate (> 0).
  double requests_per_second = 0;
  /// Open loop: connections; closed loop: requests kept in flight (>= 1).
  std::size_t slots = 1;
  /// Stop sending after this long (in-flight requests are still awaited)...
  std::optional<std::chrono::nanoseconds> duration = {};
  /// ...or after this many events (exactly; the last request may carry fewer).
  std::optional<std::uint64_t> event_count = {};
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds request_timeout{10'000};
  /// Larger answers are cut off and counted as a transport error ("response_too_large").
  std::size_t max_response_bytes = 8 * 1024 * 1024;
};

/// How a run ended.
struct DriverResult {
  /// From the first scheduled request to the last answer.
  std::chrono::nanoseconds elapsed{0};
  /// Sending stopped early because no request ever got an HTTP answer (refused, unresolvable,
  /// timed out): the caller exits with "could not connect".
  bool unreachable = false;
  /// Sending stopped early because `stop` was set (Ctrl-C).
  bool interrupted = false;
  /// Open loop: requests that fell due before sending stopped but were never sent because every
  /// connection was busy (the server, or this machine, could not keep up with the timetable).
  std::uint64_t not_sent = 0;
  /// Open loop: the largest number of due-but-unsent requests seen at a progress tick.
  std::uint64_t max_backlog = 0;
};

/// The state of the run at a progress tick.
struct DriverTick {
  std::chrono::nanoseconds elapsed{0};
  std::size_t in_flight = 0;
  /// Open loop: due requests waiting for a connection.
  std::uint64_t backlog = 0;
};

/// Sends requests and records their outcome. One run per instance; not thread-safe.
class HttpDriver {
 public:
  /// Produces the next body; the argument is the number of events still to send (a --count run
  /// shrinks its last batch to it; UINT64_MAX without a count).
  using BodySource = std::function<RequestBody(std::uint64_t remaining_events)>;
  /// Called about once per second, from the driving thread.
  using TickCallback = std::function<void(const DriverTick&)>;

  /// Creates the handles. Fails with errc::kInitialisation when libcurl or epoll cannot be set up.
  static common::Result<std::unique_ptr<HttpDriver>> create(DriverOptions options);

  ~HttpDriver();
  HttpDriver(const HttpDriver&) = delete;
  HttpDriver& operator=(const HttpDriver&) = delete;

  /// Runs until the duration or count is reached, `stop` becomes true, or the target turns out
  /// to be unreachable; then waits for the requests in flight and returns.
  DriverResult run(const BodySource& next_body, RunStats& stats, const TickCallback& on_tick,
                   const std::atomic<bool>& stop);

 private:
  struct State;
  explicit HttpDriver(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace tracker::loadgen
