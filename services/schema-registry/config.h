#pragma once

// The registry's configuration, read from TRACKER_REGISTRY_* environment variables (README.md
// lists them with their defaults). Parsing is pure: the variables come through a lookup function,
// so tests pass a map.

#include "common/env.h"
#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace tracker::schema_registry_service {

/// Everything main() needs to wire the service.
struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 18081;
  /// HTTP worker threads, and as many PostgreSQL connections (a handler never waits for one).
  std::size_t threads = 2;
  /// libpq connection string or URI of the database holding the registry_* tables.
  std::string pg_dsn;
  /// Bodies larger than this are refused before a handler runs.
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  /// Entries in each of the parsed-schema and schema-record caches.
  std::size_t cache_limit = 10000;
};

/// Builds the configuration from the environment. Fails with common::errc::kInvalidEnvironment
/// naming the variable when a value is malformed or out of range (TRACKER_REGISTRY_PORT 0-65535,
/// TRACKER_REGISTRY_THREADS 1-256), or TRACKER_REGISTRY_PG_DSN is missing.
common::Result<Config> loadConfig(const common::EnvLookup& env);

}  // namespace tracker::schema_registry_service
