// event-producer: wiring only. Configuration from the environment (see README.md).

#include "api_key_auth.h"
#include "common/env.h"
#include "common/signals.h"
#include "config.h"
#include "events/catalogue.h"
#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "events/uuid_v7.h"
#include "health.h"
#include "http_api.h"
#include "http_server/server.h"
#include "ingest_handler.h"
#include "kafka_sink.h"
#include "metrics/metrics_registry.h"
#include "producer_metrics.h"
#include "rate_limiter.h"
#include "schema_registration.h"
#include "schema_registry/client.h"
#include "serde/serializer.h"

#include <iostream>
#include <thread>

namespace {

using namespace tracker;
using namespace tracker::event_producer;

kafka::ConfigMap kafkaSettings(const Config& config) {
  return {
      {"bootstrap.servers", config.kafka_bootstrap},
      {"client.id", "event-producer"},
      {"linger.ms", std::to_string(config.linger_ms)},
      {"compression.type", config.compression},
      {"queue.buffering.max.messages", std::to_string(config.queue_max_messages)},
      {"queue.buffering.max.kbytes", std::to_string(config.queue_max_kbytes)},
      {"message.timeout.ms", std::to_string(config.message_timeout_ms)},
      {"statistics.interval.ms", std::to_string(config.statistics_interval_ms)},
      {"socket.nagle.disable", "true"},
      // Notice a returning broker within a second rather than librdkafka's default 10 s.
      {"reconnect.backoff.max.ms", "1000"},
  };
}

int run() {
  auto config = loadConfig([](const std::string& name) { return common::getEnv(name); });
  if (!config) {
    std::cerr << "event-producer: " << config.error().toString() << "\n";
    return 2;
  }
  auto catalogue = tracker::events::Catalogue::fromConfig(config->catalogue);
  if (!catalogue) {
    std::cerr << "event-producer: " << catalogue.error().toString() << "\n";
    return 2;
  }

  // Before any thread starts, so that only waitForStopSignal below receives SIGINT/SIGTERM.
  common::blockStopSignals();

  schema_registry::ClientOptions registry_options;
  registry_options.base_url = config->registry_url;
  auto registry = schema_registry::Client::create(registry_options);
  if (!registry) {
    std::cerr << "event-producer: " << registry.error().toString() << "\n";
    return 2;
  }
  std::shared_ptr<schema_registry::SchemaSource> schema_source = std::move(*registry);
  serde::SerializerOptions key_options;
  key_options.is_key = true;
  key_options.auto_register = config->auto_register;
  serde::SerializerOptions value_options;
  value_options.auto_register = config->auto_register;
  serde::ProtobufSerializer key_serializer(schema_source, *::events::UserBehaviorKey::descriptor(),
                                           key_options);
  serde::ProtobufSerializer value_serializer(
      schema_source, *::events::UserBehaviorEvent::descriptor(), value_options);

  metrics::MetricsRegistry metrics_registry;
  ProducerMetrics metrics(metrics_registry);
  HealthState health;

  SinkOptions sink_options;
  sink_options.topic = config->topic;
  sink_options.kafka = kafkaSettings(*config);
  sink_options.queue_max_messages = config->queue_max_messages;
  sink_options.metadata_refresh = std::chrono::milliseconds(config->metadata_refresh_ms);
  auto sink = KafkaSink::start(sink_options, key_serializer, value_serializer, health, metrics);
  if (!sink) {
    std::cerr << "event-producer: " << sink.error().toString() << "\n";
    return 2;
  }
  metrics_registry.callbackGauge(
      "tracker_producer_queue_messages", "Messages in the librdkafka producer queue (outq_len)",
      [raw = sink->get()] { return static_cast<double>(raw->queueLength()); });
  SchemaRegistration registration(config->topic, config->auto_register, key_serializer,
                                  value_serializer, health);

  ApiKeyAuth auth(config->api_keys);
  RateLimiter limiter(config->rate_limit, config->rate_burst, auth.clients());
  tracker::events::UuidV7Generator ids;
  IngestOptions ingest_options;
  ingest_options.body.max_body_bytes = config->max_body_bytes;
  ingest_options.body.max_items = config->max_items;
  ingest_options.max_inflight_requests = config->max_inflight_requests;
  IngestHandler ingest(ingest_options, *catalogue, ids, auth, limiter, health, **sink, metrics);
  auto router = makeHttpApi(ingest, health, metrics_registry);

  http_server::ServerOptions server_options;
  server_options.host = config->host;
  server_options.port = config->port;
  server_options.threads = config->threads;
  // The transport limit sits above the API limit so that a body a little too large gets the
  // JSON 413 naming the limit; only far larger ones are cut off by closing the connection.
  server_options.max_body_bytes = static_cast<std::uint64_t>(config->max_body_bytes) * 4;
  auto server = http_server::Server::start(server_options, countingRequests(*router, metrics));
  if (!server) {
    std::cerr << "event-producer: " << server.error().toString() << "\n";
    return 1;
  }
  std::cout << "event-producer listening on http://" << config->host << ":" << (*server)->port()
            << std::endl;

  const int signal = common::waitForStopSignal();
  std::cout << "event-producer: signal " << signal << ", stopping" << std::endl;
  // Shutdown order: refuse new events → finish or fail what Kafka holds (answers every waiting
  // request) → let the last answers reach their sockets → close the server.
  health.setShuttingDown();
  registration.stop();
  (*sink)->stop(std::chrono::milliseconds(config->shutdown_timeout_ms));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (ingest.inflight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The server offers no "close the listener, then drain" step: give answers handed to it a
  // moment to be written before stop() closes the connections.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  (*server)->stop();
  std::cout << "event-producer: stopped" << std::endl;
  return 0;
}

}  // namespace

int main() { return run(); }
