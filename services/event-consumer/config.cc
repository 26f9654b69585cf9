#include "config.h"

#include "common/env.h"

#include <unistd.h>

namespace tracker::event_consumer {

common::Result<SinkSelection> parseSinks(std::string_view text) {
  SinkSelection sinks{false, false};
  bool any = false;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) continue;
    if (name == "postgres") {
      sinks.postgres = true;
    } else if (name == "search") {
      sinks.search = true;
    } else {
      return common::invalidEnvironment(
          "TRACKER_CONSUMER_SINKS",
          "unknown sink \"" + std::string(name) + "\" (postgres, search)");
    }
    any = true;
  }
  if (!any)
    return common::invalidEnvironment("TRACKER_CONSUMER_SINKS", "no sink named (postgres, search)");
  return sinks;
}

namespace {

// Kafka, registry, PostgreSQL and search addresses; a sink that is on requires its address.
common::Result<void> readConnections(const EnvLookup& env, Config& config) {
  auto bootstrap = common::requireEnv(env, "TRACKER_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  if (!bootstrap) return tl::unexpected(bootstrap.error());
  config.kafka_bootstrap = *bootstrap;
  auto registry = common::requireEnv(env, "TRACKER_REGISTRY_URL", "http://127.0.0.1:18081");
  if (!registry) return tl::unexpected(registry.error());
  config.registry_url = *registry;
  if (config.sinks.postgres) {
    auto dsn = common::requireEnv(env, "TRACKER_PG_DSN",
                                  "postgresql://tracker:tracker@127.0.0.1:15432/tracker");
    if (!dsn) return tl::unexpected(dsn.error());
    config.pg_dsn = *dsn;
  } else if (auto dsn = env("TRACKER_PG_DSN")) {
    config.pg_dsn = *dsn;  // the read API still answers from PostgreSQL
  }
  if (config.sinks.search) {
    auto url = common::requireEnv(env, "TRACKER_SEARCH_URL", "http://127.0.0.1:19200");
    if (!url) return tl::unexpected(url.error());
    config.search_url = *url;
  } else if (auto url = env("TRACKER_SEARCH_URL")) {
    config.search_url = *url;  // the read API still searches the index
  }
  while (!config.search_url.empty() && config.search_url.back() == '/') {
    config.search_url.pop_back();
  }
  return {};
}

// The numbers: port, session time-out, batching and the retry back-off, each range-checked.
common::Result<void> readNumbers(const EnvLookup& env, Config& config) {
  std::int64_t retry_initial_ms = config.retry_backoff.initial.count();
  std::int64_t retry_max_ms = config.retry_backoff.max.count();
  const common::Result<void> checks[] = {
      common::readEnvInt(env, "TRACKER_CONSUMER_PORT", 0, 65535, config.port),
      common::readEnvInt(env, "TRACKER_CONSUMER_SESSION_TIMEOUT_MS", 6'000, 1'800'000,
                         config.session_timeout_ms),
      common::readEnvInt(env, "TRACKER_CONSUMER_BATCH_SIZE", 1, 100'000, config.batch_size),
      common::readEnvInt(env, "TRACKER_CONSUMER_BULK_MAX_BYTES", 1'024, 100 * 1024 * 1024,
                         config.search_bulk_max_bytes),
      common::readEnvInt(env, "TRACKER_CONSUMER_BATCH_MAX_WAIT_MS", 1, 60'000,
                         config.batch_max_wait_ms),
      common::readEnvInt(env, "TRACKER_CONSUMER_RETRY_ATTEMPTS", 1, 1'000, config.retry_attempts),
      common::readEnvInt(env, "TRACKER_CONSUMER_RETRY_INITIAL_MS", 1, 600'000, retry_initial_ms),
      common::readEnvInt(env, "TRACKER_CONSUMER_RETRY_MAX_MS", 1, 3'600'000, retry_max_ms),
  };
  for (const common::Result<void>& check : checks) {
    if (!check) return tl::unexpected(check.error());
  }
  auto heartbeat =
      common::readEnvInt64(env, "TRACKER_CONSUMER_HEARTBEAT_INTERVAL_MS", 100, 600'000);
  if (!heartbeat) return tl::unexpected(heartbeat.error());
  if (*heartbeat) {
    if (**heartbeat >= config.session_timeout_ms) {
      return common::invalidEnvironment("TRACKER_CONSUMER_HEARTBEAT_INTERVAL_MS",
                                        "must be below TRACKER_CONSUMER_SESSION_TIMEOUT_MS");
    }
    config.heartbeat_interval_ms = static_cast<int>(**heartbeat);
  }
  if (retry_max_ms < retry_initial_ms) {
    return common::invalidEnvironment("TRACKER_CONSUMER_RETRY_MAX_MS",
                                      "must be at least TRACKER_CONSUMER_RETRY_INITIAL_MS");
  }
  config.retry_backoff = {std::chrono::milliseconds(retry_initial_ms),
                          std::chrono::milliseconds(retry_max_ms)};
  return {};
}

}  // namespace

common::Result<Config> loadConfig(const EnvLookup& env) {
  Config config;
  if (auto value = env("TRACKER_CONSUMER_HOST")) config.host = *value;
  if (auto value = env("TRACKER_TOPIC")) config.topic = *value;
  if (auto value = env("TRACKER_DLT_TOPIC")) config.dlt_topic = *value;
  if (auto value = env("TRACKER_CONSUMER_GROUP")) config.group = *value;
  if (auto value = env("TRACKER_CONSUMER_INSTANCE_ID")) config.instance_id = *value;
  if (auto value = env("TRACKER_CONSUMER_NAME")) config.name = *value;
  if (auto value = env("TRACKER_SEARCH_INDEX")) config.search_index = *value;
  if (auto value = env("TRACKER_CONSUMER_GROUP_PROTOCOL")) {
    auto protocol = parseGroupProtocol(*value);
    if (!protocol) return tl::unexpected(protocol.error());
    config.group_protocol = *protocol;
  }
  if (auto value = env("TRACKER_CONSUMER_SINKS")) {
    auto sinks = parseSinks(*value);
    if (!sinks) return tl::unexpected(sinks.error());
    config.sinks = *sinks;
  }
  if (auto read = readConnections(env, config); !read) return tl::unexpected(read.error());
  if (auto read = readNumbers(env, config); !read) return tl::unexpected(read.error());

  if (auto faults = env("TRACKER_CONSUMER_FAULTS")) {
    auto rules = parseFaultRules(*faults);
    if (!rules) return tl::unexpected(rules.error());
    config.faults = std::move(*rules);
  }

  auto catalogue = events::readCatalogueConfig(env);
  if (!catalogue) return tl::unexpected(catalogue.error());
  config.catalogue = std::move(*catalogue);
  return config;
}

std::string instanceName(const Config& config, std::string_view host, long pid) {
  if (!config.name.empty()) return config.name;
  if (!config.instance_id.empty()) return config.instance_id;
  return std::string(host) + ":" + std::to_string(config.port) + ":" + std::to_string(pid);
}

std::string instanceName(const Config& config) {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';  // "" names it still
  return instanceName(config, host, static_cast<long>(getpid()));
}

GroupSettings groupSettings(const Config& config) {
  return GroupSettings{config.group, config.group_protocol, config.instance_id,
                       config.session_timeout_ms, config.heartbeat_interval_ms};
}

}  // namespace tracker::event_consumer
