// event-consumer: wiring only. Configuration from the environment (see README.md).

#include "common/env.h"
#include "common/signals.h"
#include "config.h"
#include "consumer_loop.h"
#include "consumer_metrics.h"
#include "consumer_status.h"
#include "dead_letter.h"
#include "event_reader.h"
#include "events/catalogue.h"
#include "group_overview.h"
#include "group_settings.h"
#include "http_api.h"
#include "http_server/errors.h"
#include "http_server/server.h"
#include "post_search.h"
#include "postgres_sink.h"
#include "read_api.h"
#include "schema_registry/client.h"
#include "search_sink.h"

#include <iostream>

namespace {

using namespace tracker;
using namespace tracker::event_consumer;

// Prints `error` and returns `exit_code` (2: bad configuration or start-up, 1: serving failed).
int fail(const common::Error& error, int exit_code = 2) {
  std::cerr << "event-consumer: " << error.toString() << "\n";
  return exit_code;
}

// The sinks this group writes, owned here; `order` is what the loop writes to, in order.
struct Sinks {
  std::unique_ptr<PostgresSink> postgres;
  std::unique_ptr<SearchSink> search;
  std::vector<Sink*> order;
};

common::Result<Sinks> makeSinks(const Config& config, const tracker::events::Catalogue& catalogue) {
  Sinks sinks;
  if (config.sinks.postgres) {
    sinks.postgres = std::make_unique<PostgresSink>(config.pg_dsn);
    sinks.order.push_back(sinks.postgres.get());
  }
  if (config.sinks.search) {
    auto created = SearchSink::create(config.search_url, config.search_index, catalogue,
                                      config.search_bulk_max_bytes);
    if (!created) return tl::unexpected(created.error());
    sinks.search = std::move(*created);
    sinks.order.push_back(sinks.search.get());
  }
  return sinks;
}

// What /api/status reports under "sinks": the sinks, then the registry and the DLT.
std::vector<std::string> monitoredDependencies(const Sinks& sinks) {
  std::vector<std::string> names;
  for (const Sink* sink : sinks.order) names.emplace_back(sink->name());
  for (auto dependency : {Dependency::kRegistry, Dependency::kDlt}) {
    names.emplace_back(dependencyName(dependency));
  }
  return names;
}

LoopOptions loopOptions(const Config& config) {
  LoopOptions options;
  options.topic = config.topic;
  options.batch_size = config.batch_size;
  options.batch_max_wait = std::chrono::milliseconds(config.batch_max_wait_ms);
  options.retry_attempts = config.retry_attempts;
  options.retry_backoff = config.retry_backoff;
  options.outage_backoff = config.outage_backoff;
  return options;
}

// The member's settings: the connection and the group membership (group_settings.h). Under the
// consumer protocol the session timeout is the group's configuration on the broker, written here,
// before this member joins.
common::Result<kafka::ConfigMap> memberSettings(const Config& config,
                                                const kafka::ConfigMap& connection,
                                                std::uint16_t status_port) {
  const GroupSettings group = groupSettings(config);
  if (auto applied = applyGroupBrokerSettings(connection, group, std::chrono::seconds(10));
      !applied) {
    return tl::unexpected(applied.error());
  }
  kafka::ConfigMap settings = connection;
  settings.merge(groupClientSettings(group));
  // The status address in the client id: the group description then tells the console where
  // each member answers (services/event-dlt-monitor/console_state.h).
  settings["client.id"] = "event-consumer@" + config.host + ":" + std::to_string(status_port);
  return settings;
}

std::function<common::Result<void>()> registryProbe(schema_registry::Client& registry) {
  // GET /config: a small answer whatever the registry holds (listing every subject could grow
  // past the client's response cap and fail the probe for ever), read from its database.
  return [&registry]() -> common::Result<void> {
    auto config = registry.getConfig(std::nullopt);
    if (!config) return tl::unexpected(config.error());
    return {};
  };
}

// The HTTP side: status, metrics, groups and the read API, started on the configured port.
// Members are destroyed in reverse: the server stops before what its routes use goes away.
struct HttpSide {
  std::unique_ptr<GroupOverview> groups;
  std::unique_ptr<EventReader> reader;
  std::unique_ptr<PostSearch> post_search;
  std::unique_ptr<http_server::Router> router;
  std::unique_ptr<http_server::Server> server;
};

common::Result<HttpSide> startHttp(const Config& config, const kafka::ConfigMap& connection,
                                   ConsumerStatus& status, const ConsumerMetrics& metrics) {
  HttpSide http;
  // GET /api/groups: its own admin client; one request at a time, 5 s budget each.
  auto groups = GroupOverview::create(connection, std::chrono::seconds(5));
  if (!groups) return tl::unexpected(groups.error());
  http.groups = std::move(*groups);
  http.router = makeHttpApi(status, metrics, *http.groups);
  // The read API answers whatever sinks this instance runs; without a DSN or search URL its
  // routes answer 503 *_not_configured.
  http.reader = std::make_unique<EventReader>(config.pg_dsn);
  auto post_search = PostSearch::create(config.search_url, config.search_index);
  if (!post_search) return tl::unexpected(post_search.error());
  http.post_search = std::move(*post_search);
  addReadRoutes(*http.router, *http.reader, *http.post_search);
  http_server::ServerOptions options{
      .host = config.host, .port = config.port, .threads = config.http_threads};
  auto server = http_server::Server::start(options, http.router->handler());
  if (!server) return tl::unexpected(server.error());
  http.server = std::move(*server);
  return http;
}

int run() {
  auto config = loadConfig([](const std::string& name) { return common::getEnv(name); });
  if (!config) return fail(config.error());
  auto catalogue = tracker::events::Catalogue::fromConfig(config->catalogue);
  if (!catalogue) return fail(catalogue.error());
  // Before any thread starts, so that only waitForStopSignal below receives SIGINT/SIGTERM.
  common::blockStopSignals();

  auto registry = schema_registry::Client::create({.base_url = config->registry_url});
  if (!registry) return fail(registry.error());
  schema_registry::Client& registry_client = **registry;
  std::shared_ptr<schema_registry::SchemaSource> schema_source = std::move(*registry);
  serde::Deserializer<::events::UserBehaviorKey> key_deserializer(schema_source);
  serde::Deserializer<::events::UserBehaviorEvent> value_deserializer(schema_source);

  const kafka::ConfigMap connection = {{"bootstrap.servers", config->kafka_bootstrap},
                                       {"reconnect.backoff.max.ms", "1000"}};
  auto dead_letters = DeadLetterPublisher::create(connection, config->dlt_topic, config->group);
  if (!dead_letters) return fail(dead_letters.error());
  auto checked = (*dead_letters)->checkPartitions(config->topic, std::chrono::seconds(10));
  if (!checked) return fail(checked.error());
  auto sinks = makeSinks(*config, *catalogue);
  if (!sinks) return fail(sinks.error());

  const std::string instance = instanceName(*config);
  ConsumerStatus status(instance, config->group, config->topic);
  status.setMonitoredSinks(monitoredDependencies(*sinks));
  status.setGroupProtocol(std::string(groupProtocolName(config->group_protocol)));
  const FaultInjector faults(config->faults);
  if (faults.enabled()) {
    std::cerr << "event-consumer: FAULT INJECTION ON (TRACKER_CONSUMER_FAULTS): test use only\n";
  }
  ConsumerLoop loop(loopOptions(*config), {.key_deserializer = &key_deserializer,
                                           .value_deserializer = &value_deserializer,
                                           .catalogue = &*catalogue,
                                           .sinks = sinks->order,
                                           .dead_letters = dead_letters->get(),
                                           .status = &status,
                                           .faults = &faults,
                                           .registry_probe = registryProbe(registry_client)});
  const ConsumerMetrics metrics(status);
  auto http = startHttp(*config, connection, status, metrics);
  if (!http)
    return fail(http.error(), http.error().code == http_server::errc::kStartFailed ? 1 : 2);
  auto member = memberSettings(*config, connection, http->server->port());
  if (!member) return fail(member.error());
  if (auto started = loop.start(*member); !started) return fail(started.error());
  std::cout << "event-consumer " << instance << " (group " << config->group << ", protocol "
            << groupProtocolName(config->group_protocol) << ") listening on http://" << config->host
            << ":" << http->server->port() << std::endl;

  const int signal = common::waitForStopSignal();
  std::cout << "event-consumer: signal " << signal << ", stopping" << std::endl;
  // Stop intake → finish and commit the batch in hand → leave the group → stop serving.
  loop.stop();
  http->server->stop();
  std::cout << "event-consumer: stopped" << std::endl;
  return 0;
}

}  // namespace

int main() { return run(); }
