#pragma once

// The consumer's configuration, read from TRACKER_* environment variables (README.md lists them
// with their defaults). Parsing is pure: variables come through a lookup function, so tests pass a
// map.

#include "backoff.h"
#include "common/env.h"
#include "common/result.h"
#include "events/catalogue.h"
#include "fault_injection.h"
#include "group_settings.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tracker::event_consumer {

/// Which sinks this group writes (a second group may write only PostgreSQL, say).
struct SinkSelection {
  bool postgres = true;
  bool search = true;
  friend bool operator==(const SinkSelection&, const SinkSelection&) = default;
};

/// Everything main() needs to wire the service.
struct Config {
  // HTTP
  std::string host = "127.0.0.1";
  std::uint16_t port = 18090;
  /// HTTP worker threads: read API queries block one for up to their timeout, and status/health
  /// must still answer meanwhile.
  std::size_t http_threads = 4;
  // Kafka
  std::string kafka_bootstrap;
  std::string topic = "user-behavior-events";
  std::string dlt_topic = "user-behavior-events-DLT";
  std::string group = "event-consumer";
  /// group.instance.id (static membership); empty = dynamic member.
  std::string instance_id;
  /// The name /api/status shows (TRACKER_CONSUMER_NAME); empty = instance_id, else host:port:pid
  /// (see instanceName).
  std::string name;
  int session_timeout_ms = 45'000;
  /// TRACKER_CONSUMER_GROUP_PROTOCOL: classic (cooperative-sticky) or consumer (KIP-848).
  GroupProtocol group_protocol = GroupProtocol::kClassic;
  /// TRACKER_CONSUMER_HEARTBEAT_INTERVAL_MS; nullopt = the default (GroupSettings).
  std::optional<int> heartbeat_interval_ms;
  // Registry and sinks
  std::string registry_url;
  std::string pg_dsn;
  std::string search_url;
  std::string search_index = "user-post-events";
  /// TRACKER_CONSUMER_BULK_MAX_BYTES: NDJSON bytes per `_bulk` request (a batch is split; one
  /// larger document goes alone). Well below OpenSearch's 100 MB http.max_content_length and
  /// its indexing-pressure limit (10 % of the heap).
  std::size_t search_bulk_max_bytes = 8 * 1024 * 1024;
  SinkSelection sinks;
  // Batching: a batch closes at batch_size records or batch_max_wait after its first record.
  std::size_t batch_size = 500;
  int batch_max_wait_ms = 200;
  // Retries of a record's transient failure; after retry_attempts attempts it is dead-lettered.
  int retry_attempts = 5;
  BackoffPolicy retry_backoff{};
  /// Probing a sink that is down (never dead-letters).
  BackoffPolicy outage_backoff{std::chrono::milliseconds(500), std::chrono::milliseconds(10'000)};
  // Events
  events::CatalogueConfig catalogue;
  /// TRACKER_CONSUMER_FAULTS (system tests only; empty = off).
  std::vector<FaultRule> faults;
};

/// Reads one environment variable; nullopt when unset or empty (common::getEnv in production).
using EnvLookup = common::EnvLookup;

/// "postgres,search" → both; "postgres" → PostgreSQL only. Fails (common.invalid_environment) on
/// an unknown name or an empty list.
common::Result<SinkSelection> parseSinks(std::string_view text);

/// Builds the configuration. Fails with common::errc::kInvalidEnvironment naming the variable when
/// a value is malformed or out of range, or a required one is missing: TRACKER_KAFKA_BOOTSTRAP,
/// TRACKER_REGISTRY_URL, TRACKER_PG_DSN when the postgres sink is on, TRACKER_SEARCH_URL when
/// the search sink is on.
common::Result<Config> loadConfig(const EnvLookup& env);

/// The instance's name: `config.name`, else `config.instance_id`, else "<host>:<port>:<pid>".
std::string instanceName(const Config& config, std::string_view host, long pid);

/// instanceName with this machine's host name and this process's id.
std::string instanceName(const Config& config);

/// The group membership part of `config` (group_settings.h).
GroupSettings groupSettings(const Config& config);

}  // namespace tracker::event_consumer
