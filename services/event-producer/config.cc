#include "config.h"

#include "api_key_auth.h"
#include "common/env.h"

#include <algorithm>

namespace tracker::event_producer {

common::Result<Config> loadConfig(const EnvLookup& env) {
  Config config;
  if (auto host = env("TRACKER_PRODUCER_HOST")) config.host = *host;
  if (auto topic = env("TRACKER_TOPIC")) config.topic = *topic;
  if (auto compression = env("TRACKER_PRODUCER_COMPRESSION")) config.compression = *compression;
  auto bootstrap = common::requireEnv(env, "TRACKER_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  if (!bootstrap) return tl::unexpected(bootstrap.error());
  config.kafka_bootstrap = *bootstrap;
  auto registry = common::requireEnv(env, "TRACKER_REGISTRY_URL", "http://127.0.0.1:18081");
  if (!registry) return tl::unexpected(registry.error());
  config.registry_url = *registry;

  constexpr std::int64_t kMaxInt = 2147483647;
  // Every variable is read; the first problem (in this order) is reported.
  const common::Result<void> checks[] = {
      common::readEnvInt(env, "TRACKER_PRODUCER_PORT", 0, 65535, config.port),
      common::readEnvInt(env, "TRACKER_PRODUCER_THREADS", 1, 256, config.threads),
      common::readEnvInt(env, "TRACKER_PRODUCER_MAX_BODY_BYTES", 1024, 256 * 1024 * 1024,
                         config.max_body_bytes),
      common::readEnvInt(env, "TRACKER_PRODUCER_MAX_ITEMS", 1, 100000, config.max_items),
      common::readEnvInt(env, "TRACKER_PRODUCER_MAX_INFLIGHT_REQUESTS", 1, 1000000,
                         config.max_inflight_requests),
      common::readEnvBool(env, "TRACKER_PRODUCER_AUTO_REGISTER", config.auto_register),
      common::readEnvInt(env, "TRACKER_PRODUCER_LINGER_MS", 0, 900000, config.linger_ms),
      common::readEnvInt(env, "TRACKER_PRODUCER_QUEUE_MAX_MESSAGES", 1, 10000000,
                         config.queue_max_messages),
      common::readEnvInt(env, "TRACKER_PRODUCER_QUEUE_MAX_KBYTES", 1, kMaxInt,
                         config.queue_max_kbytes),
      common::readEnvInt(env, "TRACKER_PRODUCER_MESSAGE_TIMEOUT_MS", 1000, kMaxInt,
                         config.message_timeout_ms),
      common::readEnvInt(env, "TRACKER_PRODUCER_STATISTICS_INTERVAL_MS", 0, 86400000,
                         config.statistics_interval_ms),
      common::readEnvInt(env, "TRACKER_PRODUCER_METADATA_REFRESH_MS", 1000, 86400000,
                         config.metadata_refresh_ms),
      common::readEnvInt(env, "TRACKER_PRODUCER_SHUTDOWN_TIMEOUT_MS", 0, 600000,
                         config.shutdown_timeout_ms),
      common::readEnvNonNegativeDouble(env, "TRACKER_PRODUCER_RATE_LIMIT", config.rate_limit),
      common::readEnvNonNegativeDouble(env, "TRACKER_PRODUCER_RATE_BURST", config.rate_burst),
  };
  for (const common::Result<void>& check : checks) {
    if (!check) return tl::unexpected(check.error());
  }

  if (auto keys = env("TRACKER_PRODUCER_API_KEYS")) config.api_keys = parseApiKeyList(*keys);
  if (config.rate_burst == 0) {
    config.rate_burst = std::max(config.rate_limit, static_cast<double>(config.max_items));
  }
  if (config.rate_limit > 0 && config.rate_burst < static_cast<double>(config.max_items)) {
    return common::invalidEnvironment(
        "TRACKER_PRODUCER_RATE_BURST",
        "must be at least TRACKER_PRODUCER_MAX_ITEMS, or a full batch never fits");
  }

  auto catalogue = events::readCatalogueConfig(env);
  if (!catalogue) return tl::unexpected(catalogue.error());
  config.catalogue = std::move(*catalogue);
  return config;
}

}  // namespace tracker::event_producer
