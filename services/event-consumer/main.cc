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
#include "http_server/server.h"
#include "post_search.h"
#include "postgres_sink.h"
#include "read_api.h"
#include "schema_registry/client.h"
#include "search_sink.h"

#include <unistd.h>

#include <iostream>

namespace {

using namespace tracker;
using namespace tracker::event_consumer;

int run() {
  auto config = loadConfig([](const std::string& name) { return common::getEnv(name); });
  if (!config) {
    std::cerr << "event-consumer: " << config.error().toString() << "\n";
    return 2;
  }
  auto catalogue = tracker::events::Catalogue::fromConfig(config->catalogue);
  if (!catalogue) {
    std::cerr << "event-consumer: " << catalogue.error().toString() << "\n";
    return 2;
  }

  // Before any thread starts, so that only waitForStopSignal below receives SIGINT/SIGTERM.
  common::blockStopSignals();

  schema_registry::ClientOptions registry_options;
  registry_options.base_url = config->registry_url;
  auto registry = schema_registry::Client::create(registry_options);
  if (!registry) {
    std::cerr << "event-consumer: " << registry.error().toString() << "\n";
    return 2;
  }
  schema_registry::Client* registry_client = registry->get();
  std::shared_ptr<schema_registry::SchemaSource> schema_source = std::move(*registry);
  serde::Deserializer<::events::UserBehaviorKey> key_deserializer(schema_source);
  serde::Deserializer<::events::UserBehaviorEvent> value_deserializer(schema_source);

  const kafka::ConfigMap kafka_connection = {{"bootstrap.servers", config->kafka_bootstrap},
                                             {"reconnect.backoff.max.ms", "1000"}};
  auto dead_letters =
      DeadLetterPublisher::create(kafka_connection, config->dlt_topic, config->group);
  if (!dead_letters) {
    std::cerr << "event-consumer: " << dead_letters.error().toString() << "\n";
    return 2;
  }
  if (auto checked = (*dead_letters)->checkPartitions(config->topic, std::chrono::seconds(10));
      !checked) {
    std::cerr << "event-consumer: " << checked.error().toString() << "\n";
    return 2;
  }

  std::unique_ptr<PostgresSink> postgres;
  if (config->sinks.postgres) postgres = std::make_unique<PostgresSink>(config->pg_dsn);
  std::unique_ptr<SearchSink> search;
  if (config->sinks.search) {
    auto created = SearchSink::create(config->search_url, config->search_index);
    if (!created) {
      std::cerr << "event-consumer: " << created.error().toString() << "\n";
      return 2;
    }
    search = std::move(*created);
  }

  char hostname[256] = {};
  gethostname(hostname, sizeof(hostname) - 1);
  const std::string instance = !config->name.empty() ? config->name
                               : !config->instance_id.empty()
                                   ? config->instance_id
                                   : std::string(hostname) + ":" + std::to_string(config->port) +
                                         ":" + std::to_string(getpid());
  ConsumerStatus status(instance, config->group, config->topic);

  LoopOptions loop_options;
  loop_options.topic = config->topic;
  loop_options.group = config->group;
  loop_options.batch_size = config->batch_size;
  loop_options.batch_max_wait = std::chrono::milliseconds(config->batch_max_wait_ms);
  loop_options.retry_attempts = config->retry_attempts;
  loop_options.retry_backoff = config->retry_backoff;
  loop_options.outage_backoff = config->outage_backoff;
  LoopDependencies dependencies;
  dependencies.key_deserializer = &key_deserializer;
  dependencies.value_deserializer = &value_deserializer;
  dependencies.catalogue = &*catalogue;
  dependencies.postgres = postgres.get();
  dependencies.search = search.get();
  dependencies.dead_letters = dead_letters->get();
  dependencies.status = &status;
  const FaultInjector faults(config->faults);
  if (faults.enabled()) {
    std::cerr << "event-consumer: FAULT INJECTION ON (TRACKER_CONSUMER_FAULTS): test use only"
              << std::endl;
  }
  dependencies.faults = &faults;
  dependencies.registry_probe = [registry_client]() -> common::Result<void> {
    auto subjects = registry_client->listSubjects(false);
    if (!subjects) return tl::unexpected(subjects.error());
    return {};
  };
  ConsumerLoop loop(loop_options, dependencies);

  // The membership: classic or consumer protocol; under the latter the session timeout is the
  // group's configuration on the broker, written before this member joins.
  const GroupSettings group_settings = groupSettings(*config);
  if (auto applied =
          applyGroupBrokerSettings(kafka_connection, group_settings, std::chrono::seconds(10));
      !applied) {
    std::cerr << "event-consumer: " << applied.error().toString() << "\n";
    return 2;
  }
  status.setGroupProtocol(std::string(groupProtocolName(group_settings.protocol)));
  kafka::ConfigMap consumer_settings = kafka_connection;
  consumer_settings.merge(groupClientSettings(group_settings));
  consumer_settings["client.id"] = "event-consumer";

  std::vector<std::string> monitored_sinks;
  if (config->sinks.postgres) monitored_sinks.emplace_back("postgres");
  if (config->sinks.search) monitored_sinks.emplace_back("search");
  monitored_sinks.insert(monitored_sinks.end(), {"registry", "dlt"});
  status.setMonitoredSinks(std::move(monitored_sinks));
  const ConsumerMetrics metrics(status);
  // GET /api/groups: its own admin client; one request at a time, 5 s budget each.
  auto groups = GroupOverview::create(kafka_connection, std::chrono::seconds(5));
  if (!groups) {
    std::cerr << "event-consumer: " << groups.error().toString() << "\n";
    return 2;
  }
  auto router = makeHttpApi(status, metrics, **groups);
  // The read API answers whatever sinks this instance runs; without a DSN or search URL its
  // routes answer 503 *_not_configured.
  EventReader reader(config->pg_dsn);
  auto post_search = PostSearch::create(config->search_url, config->search_index);
  if (!post_search) {
    std::cerr << "event-consumer: " << post_search.error().toString() << "\n";
    return 2;
  }
  addReadRoutes(*router, reader, **post_search);
  http_server::ServerOptions server_options;
  server_options.host = config->host;
  server_options.port = config->port;
  // Read API queries block a pool thread for up to their timeout; status/health must still answer.
  server_options.threads = 4;
  auto server = http_server::Server::start(server_options, router->handler());
  if (!server) {
    std::cerr << "event-consumer: " << server.error().toString() << "\n";
    return 1;
  }
  if (auto started = loop.start(consumer_settings); !started) {
    std::cerr << "event-consumer: " << started.error().toString() << "\n";
    return 2;
  }
  std::cout << "event-consumer " << instance << " (group " << config->group << ", protocol "
            << groupProtocolName(group_settings.protocol) << ") listening on http://"
            << config->host << ":" << (*server)->port() << std::endl;

  const int signal = common::waitForStopSignal();
  std::cout << "event-consumer: signal " << signal << ", stopping" << std::endl;
  // Stop intake → finish and commit the batch in hand → leave the group → stop serving.
  loop.stop();
  (*server)->stop();
  std::cout << "event-consumer: stopped" << std::endl;
  return 0;
}

}  // namespace

int main() { return run(); }
