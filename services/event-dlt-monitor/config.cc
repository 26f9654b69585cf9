#include "config.h"

#include "common/text.h"

namespace tracker::event_dlt_monitor {

common::Result<Config> loadConfig(const common::EnvLookup& env) {
  Config config;
  const auto text = [&](const char* name, std::string& target) {
    if (auto value = env(name)) target = *value;
  };
  text("TRACKER_DLT_MONITOR_HOST", config.host);
  text("TRACKER_KAFKA_BOOTSTRAP", config.kafka_bootstrap);
  text("TRACKER_TOPIC", config.topic);
  text("TRACKER_DLT_TOPIC", config.dlt_topic);
  text("TRACKER_DLT_MONITOR_GROUP", config.group);
  text("TRACKER_PRODUCER_URL", config.producer_url);
  // Set but empty means dynamic membership; EnvLookup treats empty as unset, so a sentinel.
  text("TRACKER_DLT_MONITOR_INSTANCE_ID", config.instance_id);
  if (config.instance_id == "none") config.instance_id.clear();
  auto port = common::readEnvInt(env, "TRACKER_DLT_MONITOR_PORT", 0, 65535, config.port);
  if (!port) return tl::unexpected(port.error());
  auto dsn =
      common::requireEnv(env, "TRACKER_PG_DSN", "postgresql://tracker@127.0.0.1:15432/tracker");
  if (!dsn) return tl::unexpected(dsn.error());
  config.pg_dsn = *dsn;
  auto registry = common::requireEnv(env, "TRACKER_REGISTRY_URL", "http://127.0.0.1:18081");
  if (!registry) return tl::unexpected(registry.error());
  config.registry_url = *registry;
  if (auto keys_text = env("TRACKER_DLT_ADMIN_KEYS")) {
    auto keys = http_server::parseNamedKeys(*keys_text, "TRACKER_DLT_ADMIN_KEYS", "admin");
    if (!keys) return tl::unexpected(keys.error());
    config.admin_keys = std::move(*keys);
  }
  for (const auto& [name, min, max, target] :
       {std::tuple{"TRACKER_DLT_MAX_REPLAYS", 1, 100, &config.max_replays},
        std::tuple{"TRACKER_DLT_REPLAY_RATE", 1, kMaxReplayRate, &config.replay_rate},
        std::tuple{"TRACKER_DLT_REPLAY_CAP", 1, 100'000, &config.replay_cap}}) {
    auto read = common::readEnvInt(env, name, min, max, *target);
    if (!read) return tl::unexpected(read.error());
  }
  auto delay = common::readEnvInt(env, "TRACKER_DLT_COMPENSATION_DELAY_MS", 0, 86'400'000,
                                  config.compensation_delay_ms);
  if (!delay) return tl::unexpected(delay.error());
  if (auto stages = env("TRACKER_DLT_COMPENSATION")) {
    for (const std::string_view stage : common::splitList(*stages)) {
      if (stage == "decode" || stage == "validate") {
        return common::invalidEnvironment(
            "TRACKER_DLT_COMPENSATION",
            std::string(stage) + " dead letters are wrong records: replaying them cannot help");
      }
      if (stage != "postgres" && stage != "search") {
        return common::invalidEnvironment(
            "TRACKER_DLT_COMPENSATION",
            "unknown stage \"" + std::string(stage) + "\" (postgres, search)");
      }
      config.compensation_stages.emplace_back(stage);
    }
  }
  return config;
}

}  // namespace tracker::event_dlt_monitor
