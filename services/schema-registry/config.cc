#include "config.h"

namespace tracker::schema_registry_service {

common::Result<Config> loadConfig(const common::EnvLookup& env) {
  Config config;
  if (auto host = env("TRACKER_REGISTRY_HOST")) config.host = *host;
  // Every variable is read; the first problem (in this order) is reported.
  const common::Result<void> checks[] = {
      common::readEnvInt(env, "TRACKER_REGISTRY_PORT", 0, 65535, config.port),
      common::readEnvInt(env, "TRACKER_REGISTRY_THREADS", 1, 256, config.threads),
  };
  for (const common::Result<void>& check : checks) {
    if (!check) return tl::unexpected(check.error());
  }
  auto dsn = common::requireEnv(env, "TRACKER_REGISTRY_PG_DSN",
                                "postgresql://tracker:tracker@127.0.0.1:15432/tracker");
  if (!dsn) return tl::unexpected(dsn.error());
  config.pg_dsn = *dsn;
  return config;
}

}  // namespace tracker::schema_registry_service
