#pragma once

// The service's configuration, read from TRACKER_* environment variables (README.md lists them
// all with their defaults). Parsing is pure: the variables come through a lookup function, so
// tests pass a map.

#include "common/env.h"
#include "common/result.h"
#include "events/catalogue.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tracker::event_producer {

/// Everything main() needs to wire the service.
struct Config {
  // HTTP
  std::string host = "127.0.0.1";
  std::uint16_t port = 18080;
  std::size_t threads = 2;
  /// Bodies larger than this are refused with 413 (whole request).
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  /// Requests with more events are refused with 413.
  std::size_t max_items = 500;
  /// POST /api/events requests waiting for Kafka at once; beyond, 503.
  std::size_t max_inflight_requests = 2048;

  // Kafka and registry
  std::string kafka_bootstrap;
  std::string registry_url;
  std::string topic = "user-behavior-events";
  /// Register the key/value schemas at start (true) or only look them up (false).
  bool auto_register = true;
  int linger_ms = 5;
  int queue_max_messages = 100000;
  int queue_max_kbytes = 65536;
  int message_timeout_ms = 30000;
  std::string compression = "lz4";
  int statistics_interval_ms = 5000;
  /// How often the topic's partition count is re-read.
  int metadata_refresh_ms = 30000;
  /// How long shutdown waits for outstanding deliveries before failing them.
  int shutdown_timeout_ms = 10000;

  // Clients
  /// Empty: authentication off.
  std::vector<std::string> api_keys;
  /// Events per second per client (API key, or all clients together when auth is off); 0 = off.
  double rate_limit = 0;
  /// Bucket size; 0 → max(rate_limit, max_items) so that one full batch always fits.
  double rate_burst = 0;

  // Events
  events::CatalogueConfig catalogue;
};

/// Reads one environment variable; nullopt when unset or empty (common::getEnv in production).
using EnvLookup = common::EnvLookup;

/// Builds the configuration from the environment. Fails with common::errc::kInvalidEnvironment
/// naming the variable when a value is malformed or out of range, or a required one is missing
/// (TRACKER_KAFKA_BOOTSTRAP, TRACKER_REGISTRY_URL).
common::Result<Config> loadConfig(const EnvLookup& env);

}  // namespace tracker::event_producer
