#include "config.h"

#include "api_key_auth.h"
#include "common/errors.h"
#include "common/parse.h"

#include <algorithm>
#include <cctype>
#include <type_traits>

namespace tracker::event_producer {
namespace {

tl::unexpected<common::Error> invalid(const std::string& name, const std::string& why) {
  return common::makeError(std::string(common::errc::kInvalidEnvironment), name + ": " + why);
}

// Reads an integer variable into `target` when set, checking [min, max].
common::Result<void> readInt(const EnvLookup& env, const std::string& name, std::int64_t min,
                             std::int64_t max, auto& target) {
  const auto text = env(name);
  if (!text) return {};
  const auto value = common::parseInt64(*text);
  if (!value) return invalid(name, "\"" + *text + "\" is not an integer");
  if (*value < min || *value > max) {
    return invalid(name, std::to_string(*value) + " is outside [" + std::to_string(min) + ", " +
                             std::to_string(max) + "]");
  }
  target = static_cast<std::remove_reference_t<decltype(target)>>(*value);
  return {};
}

common::Result<void> readDouble(const EnvLookup& env, const std::string& name, double& target) {
  const auto text = env(name);
  if (!text) return {};
  const auto value = common::parseDouble(*text);
  if (!value || *value < 0) return invalid(name, "\"" + *text + "\" is not a number >= 0");
  target = *value;
  return {};
}

common::Result<void> readBool(const EnvLookup& env, const std::string& name, bool& target) {
  const auto text = env(name);
  if (!text) return {};
  std::string lowered;
  for (char c : *text) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "true" || lowered == "1" || lowered == "yes") {
    target = true;
  } else if (lowered == "false" || lowered == "0" || lowered == "no") {
    target = false;
  } else {
    return invalid(name, "\"" + *text + "\" is not true/false");
  }
  return {};
}

}  // namespace

common::Result<Config> loadConfig(const EnvLookup& env) {
  Config config;
  if (auto host = env("TRACKER_PRODUCER_HOST")) config.host = *host;
  if (auto topic = env("TRACKER_TOPIC")) config.topic = *topic;
  if (auto compression = env("TRACKER_PRODUCER_COMPRESSION")) config.compression = *compression;
  const auto bootstrap = env("TRACKER_KAFKA_BOOTSTRAP");
  if (!bootstrap) return invalid("TRACKER_KAFKA_BOOTSTRAP", "required (e.g. 127.0.0.1:19092)");
  config.kafka_bootstrap = *bootstrap;
  const auto registry = env("TRACKER_REGISTRY_URL");
  if (!registry) return invalid("TRACKER_REGISTRY_URL", "required (e.g. http://127.0.0.1:18081)");
  config.registry_url = *registry;

  constexpr std::int64_t kMaxInt = 2147483647;
  // Every variable is read; the first problem (in this order) is reported.
  const common::Result<void> checks[] = {
      readInt(env, "TRACKER_PRODUCER_PORT", 0, 65535, config.port),
      readInt(env, "TRACKER_PRODUCER_THREADS", 1, 256, config.threads),
      readInt(env, "TRACKER_PRODUCER_MAX_BODY_BYTES", 1024, 256 * 1024 * 1024,
              config.max_body_bytes),
      readInt(env, "TRACKER_PRODUCER_MAX_ITEMS", 1, 100000, config.max_items),
      readInt(env, "TRACKER_PRODUCER_MAX_INFLIGHT_REQUESTS", 1, 1000000,
              config.max_inflight_requests),
      readBool(env, "TRACKER_PRODUCER_AUTO_REGISTER", config.auto_register),
      readInt(env, "TRACKER_PRODUCER_LINGER_MS", 0, 900000, config.linger_ms),
      readInt(env, "TRACKER_PRODUCER_QUEUE_MAX_MESSAGES", 1, 10000000, config.queue_max_messages),
      readInt(env, "TRACKER_PRODUCER_QUEUE_MAX_KBYTES", 1, kMaxInt, config.queue_max_kbytes),
      readInt(env, "TRACKER_PRODUCER_MESSAGE_TIMEOUT_MS", 1000, kMaxInt,
              config.message_timeout_ms),
      readInt(env, "TRACKER_PRODUCER_STATISTICS_INTERVAL_MS", 0, 86400000,
              config.statistics_interval_ms),
      readInt(env, "TRACKER_PRODUCER_METADATA_REFRESH_MS", 1000, 86400000,
              config.metadata_refresh_ms),
      readInt(env, "TRACKER_PRODUCER_SHUTDOWN_TIMEOUT_MS", 0, 600000, config.shutdown_timeout_ms),
      readDouble(env, "TRACKER_PRODUCER_RATE_LIMIT", config.rate_limit),
      readDouble(env, "TRACKER_PRODUCER_RATE_BURST", config.rate_burst),
  };
  for (const common::Result<void>& check : checks) {
    if (!check) return tl::unexpected(check.error());
  }

  if (auto keys = env("TRACKER_PRODUCER_API_KEYS")) config.api_keys = parseApiKeyList(*keys);
  if (config.rate_burst == 0) {
    config.rate_burst = std::max(config.rate_limit, static_cast<double>(config.max_items));
  }
  if (config.rate_limit > 0 && config.rate_burst < static_cast<double>(config.max_items)) {
    return invalid("TRACKER_PRODUCER_RATE_BURST",
                   "must be at least TRACKER_PRODUCER_MAX_ITEMS, or a full batch never fits");
  }

  if (auto extra = env("TRACKER_EVENT_TYPES_EXTRA")) config.catalogue.extra_types = *extra;
  if (auto post = env("TRACKER_EVENT_TYPES_POST")) config.catalogue.post_types = *post;
  if (auto target = env("TRACKER_EVENT_TYPES_TARGET_REQUIRED")) {
    config.catalogue.target_required_types = *target;
  }
  // Fail at start, not on the first request, when the catalogue settings are unusable.
  if (auto catalogue = events::Catalogue::fromConfig(config.catalogue); !catalogue) {
    return invalid("TRACKER_EVENT_TYPES_*", catalogue.error().message);
  }
  return config;
}

}  // namespace tracker::event_producer
