// schema-registry: wiring only. Configuration from the environment (see README.md).

#include "common/env.h"
#include "common/signals.h"
#include "http_server/server.h"
#include "registry.h"
#include "rest_api.h"
#include "store.h"

#include <cstdio>
#include <iostream>

namespace {

int run() {
  using namespace tracker;
  using namespace tracker::schema_registry_service;
  const std::string host = common::getEnvOr("TRACKER_REGISTRY_HOST", "127.0.0.1");
  const auto port = common::getEnvInt("TRACKER_REGISTRY_PORT", 18081);
  const auto threads = common::getEnvInt("TRACKER_REGISTRY_THREADS", 2);
  const auto dsn = common::getEnv("TRACKER_REGISTRY_PG_DSN");
  if (!port || !threads) {
    std::cerr << "schema-registry: " << (!port ? port.error() : threads.error()).toString() << "\n";
    return 2;
  }
  if (!dsn) {
    std::cerr << "schema-registry: TRACKER_REGISTRY_PG_DSN is required\n";
    return 2;
  }
  if (*port < 0 || *port > 65535 || *threads < 1 || *threads > 256) {
    std::cerr
        << "schema-registry: TRACKER_REGISTRY_PORT or TRACKER_REGISTRY_THREADS out of range\n";
    return 2;
  }

  // Before any thread starts, so that only waitForStopSignal below receives SIGINT/SIGTERM.
  common::blockStopSignals();

  // One connection per HTTP worker thread: a handler never waits for a connection.
  auto store = Store::open(*dsn, static_cast<std::size_t>(*threads));
  if (!store) {
    std::cerr << "schema-registry: " << store.error().message << "\n";
    return 1;
  }
  Registry registry(**store, 10000);
  auto router = makeRestApi(registry);
  http_server::ServerOptions options;
  options.host = host;
  options.port = static_cast<std::uint16_t>(*port);
  options.threads = static_cast<std::size_t>(*threads);
  options.max_body_bytes = 8 * 1024 * 1024;
  auto server = http_server::Server::start(options, router->handler());
  if (!server) {
    std::cerr << "schema-registry: " << server.error().toString() << "\n";
    return 1;
  }
  std::cout << "schema-registry listening on http://" << host << ":" << (*server)->port()
            << std::endl;
  const int signal = common::waitForStopSignal();
  std::cout << "schema-registry: signal " << signal << ", stopping" << std::endl;
  (*server)->stop();
  return 0;
}

}  // namespace

int main() { return run(); }
