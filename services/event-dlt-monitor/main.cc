// event-dlt-monitor: wiring only. Configuration from the environment (see README.md).

#include "common/env.h"
#include "common/signals.h"
#include "compensator.h"
#include "config.h"
#include "console_state.h"
#include "dead_letter_store.h"
#include "dlt_reader.h"
#include "event_view.h"
#include "http_api.h"
#include "http_server/errors.h"
#include "http_server/server.h"
#include "monitor_metrics.h"
#include "replayer.h"
#include "schema_registry/client.h"

#include <iostream>

namespace {

using namespace tracker;
using namespace tracker::event_dlt_monitor;

int fail(const common::Error& error, int exit_code = 2) {
  std::cerr << "event-dlt-monitor: " << error.toString() << "\n";
  return exit_code;
}

postgres::PoolOptions poolOptions(const Config& config) {
  postgres::PoolOptions options;
  options.connect.connection_string = config.pg_dsn;
  options.connect.application_name = "event-dlt-monitor";
  // The reader, the compensator and the HTTP threads each hold at most one at a time.
  options.max_connections = 6;
  options.session_setup = "set statement_timeout = '30s'";
  return options;
}

kafka::ConfigMap readerSettings(const Config& config, const kafka::ConfigMap& connection) {
  kafka::ConfigMap settings = connection;
  settings["group.id"] = config.group;
  if (!config.instance_id.empty()) {
    settings["group.instance.id"] = config.instance_id;
    // A restarted static member gets its partitions back without a rebalance while the session
    // lasts; kept short so a monitor that is gone for good is noticed soon.
    settings["session.timeout.ms"] = "15000";
  }
  return settings;
}

int run() {
  auto config = loadConfig([](const std::string& name) { return common::getEnv(name); });
  if (!config) return fail(config.error());
  common::blockStopSignals();

  auto registry = schema_registry::Client::create({.base_url = config->registry_url});
  if (!registry) return fail(registry.error());
  std::shared_ptr<schema_registry::SchemaSource> schema_source = std::move(*registry);
  EventView view(schema_source);

  DeadLetterStore store(poolOptions(*config),
                        {.max_replays = config->max_replays,
                         .compensation_stages = config->compensation_stages,
                         .compensation_delay_ms = config->compensation_delay_ms});
  if (auto recovered = store.recoverInterruptedReplays(); !recovered) {
    return fail(recovered.error());
  } else if (*recovered > 0) {
    std::cout << "event-dlt-monitor: " << *recovered
              << " replays interrupted by the last stop set back to new" << std::endl;
  }

  const kafka::ConfigMap connection = {{"bootstrap.servers", config->kafka_bootstrap},
                                       {"reconnect.backoff.max.ms", "1000"}};
  auto replayer = Replayer::create(connection, config->topic, store);
  if (!replayer) return fail(replayer.error());
  DltReader reader(readerSettings(*config, connection), config->dlt_topic, store, view);
  MonitorMetrics metrics(store, reader.state(), (*replayer)->counters());
  const http_server::KeyAuth auth(config->admin_keys);
  auto console = ConsoleState::create(
      connection, {config->topic, config->dlt_topic, config->producer_url, config->registry_url},
      store);
  if (!console) return fail(console.error());

  auto router = makeHttpApi({.config = &*config,
                             .store = &store,
                             .replayer = replayer->get(),
                             .view = &view,
                             .auth = &auth,
                             .reader = &reader.state(),
                             .metrics = &metrics,
                             .console = console->get()});
  auto server = http_server::Server::start(
      {.host = config->host, .port = config->port, .threads = 4}, router->handler());
  if (!server) return fail(server.error(), 1);
  if (auto started = reader.start(); !started) return fail(started.error());
  Compensator compensator(store, **replayer, config->replay_rate);
  if (!config->compensation_stages.empty()) compensator.start();

  std::cout << "event-dlt-monitor (group " << config->group << ", compensation "
            << (config->compensation_stages.empty() ? "off" : "on") << ", admin keys "
            << (auth.enabled() ? "required" : "off") << ") listening on http://" << config->host
            << ":" << (*server)->port() << std::endl;
  if (auto warning = http_server::exposureWarning(
          "event-dlt-monitor", config->host, (*server)->port(), auth.enabled(),
          "TRACKER_DLT_ADMIN_KEYS", "replay and discard dead letters")) {
    std::cerr << *warning << std::endl;
  }
  const int signal = common::waitForStopSignal();
  std::cout << "event-dlt-monitor: signal " << signal << ", stopping" << std::endl;
  // Stop intake (compensation, the reader's batch stored and committed), then serving.
  compensator.stop();
  reader.stop();
  (*server)->stop();
  std::cout << "event-dlt-monitor: stopped" << std::endl;
  return 0;
}

}  // namespace

int main() { return run(); }
