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
      // Notice a returning broker within a second rather than librdkafka's default 10 s.
      {"reconnect.backoff.max.ms", "1000"},
  };
}

int fail(const common::Error& error, int exit_code) {
  std::cerr << "event-producer: " << error.toString() << "\n";
  return exit_code;
}

serde::SerializerOptions serializerOptions(bool is_key, bool auto_register) {
  serde::SerializerOptions options;
  options.is_key = is_key;
  options.auto_register = auto_register;
  return options;
}

SinkOptions sinkOptions(const Config& config) {
  SinkOptions options;
  options.topic = config.topic;
  options.kafka = kafkaSettings(config);
  options.queue_max_messages = config.queue_max_messages;
  options.metadata_refresh = std::chrono::milliseconds(config.metadata_refresh_ms);
  return options;
}

IngestOptions ingestOptions(const Config& config) {
  IngestOptions options;
  options.body.max_body_bytes = config.max_body_bytes;
  options.body.max_items = config.max_items;
  options.max_inflight_requests = config.max_inflight_requests;
  return options;
}

http_server::ServerOptions serverOptions(const Config& config) {
  http_server::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads;
  // The transport limit sits a little above the API limit so that a body a little too large
  // gets the JSON 413 naming the limit; larger ones are cut off by closing the connection. Not
  // far above: RESTinio keeps 16 bytes per chunk of a chunked body, so a body of 1-byte chunks
  // costs ~16× its size while it is read.
  options.max_body_bytes = static_cast<std::uint64_t>(config.max_body_bytes) + 64 * 1024;
  // A request waits for Kafka's acknowledgement up to message.timeout.ms, then answers 503
  // delivery_timeout: the transport must not cut it off before (the client would see a dropped
  // connection for an event that may still be written).
  options.handler_timeout = std::chrono::milliseconds(config.message_timeout_ms + 5'000);
  return options;
}

// Shutdown order: refuse new events → finish or fail what Kafka holds (answers every waiting
// request) → let the last answers reach their sockets → close the server.
void shutDown(HealthState& health, SchemaRegistration& registration, KafkaSink& sink,
              const IngestHandler& ingest, http_server::Server& server,
              std::chrono::milliseconds flush_timeout) {
  health.setShuttingDown();
  registration.stop();
  sink.stop(flush_timeout);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (ingest.inflight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The server offers no "close the listener, then drain" step: give answers handed to it a
  // moment to be written before stop() closes the connections.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.stop();
}

int run() {
  auto config = loadConfig([](const std::string& name) { return common::getEnv(name); });
  if (!config) return fail(config.error(), 2);
  auto catalogue = tracker::events::Catalogue::fromConfig(config->catalogue);
  if (!catalogue) return fail(catalogue.error(), 2);

  // Before any thread starts, so that only waitForStopSignal below receives SIGINT/SIGTERM.
  common::blockStopSignals();

  schema_registry::ClientOptions registry_options;
  registry_options.base_url = config->registry_url;
  auto registry = schema_registry::Client::create(registry_options);
  if (!registry) return fail(registry.error(), 2);
  std::shared_ptr<schema_registry::SchemaSource> schema_source = std::move(*registry);
  serde::ProtobufSerializer key_serializer(schema_source, *::events::UserBehaviorKey::descriptor(),
                                           serializerOptions(true, config->auto_register));
  serde::ProtobufSerializer value_serializer(schema_source,
                                             *::events::UserBehaviorEvent::descriptor(),
                                             serializerOptions(false, config->auto_register));

  metrics::MetricsRegistry metrics_registry;
  ProducerMetrics metrics(metrics_registry);
  HealthState health;
  auto sink =
      KafkaSink::start(sinkOptions(*config), key_serializer, value_serializer, health, metrics);
  if (!sink) return fail(sink.error(), 2);
  metrics_registry.callbackGauge(
      "tracker_producer_queue_messages", "Messages in the librdkafka producer queue (outq_len)",
      [raw = sink->get()] { return static_cast<double>(raw->queueLength()); });
  SchemaRegistration registration(config->topic, config->auto_register, key_serializer,
                                  value_serializer, health);

  ApiKeyAuth auth(config->api_keys);
  RateLimiter limiter(config->rate_limit, config->rate_burst, auth.clients());
  tracker::events::UuidV7Generator ids;
  IngestHandler ingest(ingestOptions(*config), *catalogue, ids, auth, limiter, health, **sink,
                       metrics);
  auto router = makeHttpApi(ingest, health, metrics_registry);
  auto server =
      http_server::Server::start(serverOptions(*config), countingRequests(*router, metrics));
  if (!server) return fail(server.error(), 1);
  std::cout << "event-producer listening on http://" << config->host << ":" << (*server)->port()
            << std::endl;

  const int signal = common::waitForStopSignal();
  std::cout << "event-producer: signal " << signal << ", stopping" << std::endl;
  shutDown(health, registration, **sink, ingest, **server,
           std::chrono::milliseconds(config->shutdown_timeout_ms));
  std::cout << "event-producer: stopped" << std::endl;
  return 0;
}

}  // namespace

int main() { return run(); }
