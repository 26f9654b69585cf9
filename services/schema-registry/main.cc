// schema-registry: wiring only. Configuration from the environment (see README.md).

#include "common/env.h"
#include "common/signals.h"
#include "config.h"
#include "http_server/server.h"
#include "registry.h"
#include "rest_api.h"
#include "schema_store.h"
#include "settings.h"

#include <iostream>

namespace {

int run() {
  using namespace tracker;
  using namespace tracker::schema_registry_service;
  auto config = loadConfig(common::getEnv);
  if (!config) {
    std::cerr << "schema-registry: " << config.error().toString() << "\n";
    return 2;
  }

  // Before any thread starts, so that only waitForStopSignal below receives SIGINT/SIGTERM.
  common::blockStopSignals();

  // One connection per HTTP worker thread: a handler never waits for a connection.
  auto store = openPostgresSchemaStore(config->pg_dsn, config->threads);
  if (!store) {
    std::cerr << "schema-registry: " << store.error().message << "\n";
    return 1;
  }
  Registry registry(**store, config->cache_limit);
  Settings settings(**store);
  auto router = makeRestApi(registry, settings);
  http_server::ServerOptions options;
  options.host = config->host;
  options.port = config->port;
  options.threads = config->threads;
  options.max_body_bytes = config->max_body_bytes;
  auto server = http_server::Server::start(options, router->handler());
  if (!server) {
    std::cerr << "schema-registry: " << server.error().toString() << "\n";
    return 1;
  }
  std::cout << "schema-registry listening on http://" << config->host << ":" << (*server)->port()
            << std::endl;
  const int signal = common::waitForStopSignal();
  std::cout << "schema-registry: signal " << signal << ", stopping" << std::endl;
  (*server)->stop();
  return 0;
}

}  // namespace

int main() { return run(); }
