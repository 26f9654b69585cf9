#pragma once

// The monitor's configuration, read from TRACKER_* environment variables (README.md lists them
// with their defaults). Pure: variables come through a lookup function, so tests pass a map.

#include "common/env.h"
#include "common/result.h"
#include "http_server/key_auth.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tracker::event_dlt_monitor {

/// Everything main() needs to wire the service.
struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 18070;
  std::string kafka_bootstrap = "127.0.0.1:19092";
  std::string topic = "user-behavior-events";
  std::string dlt_topic = "user-behavior-events-DLT";
  std::string group = "event-dlt-monitor";
  /// group.instance.id (static membership); empty = dynamic member.
  std::string instance_id = "event-dlt-monitor-1";
  std::string pg_dsn;
  std::string registry_url;
  /// The event-producer's base URL, for the console's "events in"; empty: not shown.
  std::string producer_url;
  /// Empty: replay and discard are open (loopback deployments).
  std::vector<http_server::NamedKey> admin_keys;
  /// Replays of one chain before a failing replay is parked.
  int max_replays = 3;
  /// Stages replayed automatically ("postgres", "search"); empty: compensation off.
  std::vector<std::string> compensation_stages;
  std::int64_t compensation_delay_ms = 10'000;
  /// Default and largest rate of a replay by filter, and the largest `max` of one request.
  int replay_rate = 50;
  int replay_cap = 1000;
};

/// The largest rate_per_second a request or TRACKER_DLT_REPLAY_RATE may ask.
inline constexpr int kMaxReplayRate = 1000;

/// Reads the configuration. Errors name the variable at fault.
common::Result<Config> loadConfig(const common::EnvLookup& env);

}  // namespace tracker::event_dlt_monitor
