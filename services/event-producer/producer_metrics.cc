#include "producer_metrics.h"

#include <nlohmann/json.hpp>

namespace tracker::event_producer {
namespace {

std::int64_t intField(const nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end() || !found->is_number()) return 0;
  return found->get<std::int64_t>();
}

}  // namespace

bool RdKafkaStats::anyBrokerUp() const {
  for (const Broker& broker : brokers) {
    if (broker.state == "UP") return true;
  }
  return false;
}

common::Result<RdKafkaStats> parseRdKafkaStats(std::string_view json) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    return common::makeError("event_producer.bad_statistics",
                             "librdkafka statistics are not a JSON object");
  }
  RdKafkaStats stats;
  stats.msg_cnt = intField(document, "msg_cnt");
  stats.msg_size = intField(document, "msg_size");
  stats.tx = intField(document, "tx");
  stats.txerrs = intField(document, "txerrs");
  stats.txmsgs = intField(document, "txmsgs");
  if (const auto brokers = document.find("brokers");
      brokers != document.end() && brokers->is_object()) {
    for (const auto& [name, broker] : brokers->items()) {
      if (!broker.is_object()) continue;
      RdKafkaStats::Broker entry;
      entry.name = name;
      entry.nodeid = static_cast<std::int32_t>(intField(broker, "nodeid"));
      if (entry.nodeid < 0) continue;  // bootstrap placeholder, replaced by the real broker
      if (const auto state = broker.find("state"); state != broker.end() && state->is_string()) {
        entry.state = state->get<std::string>();
      }
      if (const auto rtt = broker.find("rtt"); rtt != broker.end() && rtt->is_object()) {
        entry.rtt_avg_us = intField(*rtt, "avg");
      }
      stats.brokers.push_back(std::move(entry));
    }
  }
  return stats;
}

ProducerMetrics::ProducerMetrics(metrics::MetricsRegistry& registry)
    : inflight_requests(registry
                            .gauge("tracker_producer_inflight_requests",
                                   "POST /api/events requests waiting for Kafka acknowledgements")
                            .with({})),
      partitions(registry
                     .gauge("tracker_producer_topic_partitions",
                            "Partition count of the topic, from Kafka metadata")
                     .with({})),
      http_requests_(registry.counter("tracker_producer_http_requests_total",
                                      "HTTP requests answered, by route, method and status",
                                      {"route", "method", "status"})),
      events_accepted_(registry
                           .counter("tracker_producer_events_accepted_total",
                                    "Events acknowledged by Kafka (acks=all)")
                           .with({})),
      events_rejected_(registry.counter("tracker_producer_events_rejected_total",
                                        "Events rejected by validation, by first error code",
                                        {"reason"})),
      events_failed_(registry.counter("tracker_producer_events_failed_total",
                                      "Valid events Kafka did not take, by failure code",
                                      {"reason"})),
      requests_refused_(registry.counter(
          "tracker_producer_requests_refused_total",
          "POST /api/events requests refused as a whole before producing, by error code",
          {"code"})),
      produce_latency_(
          registry
              .histogram(
                  "tracker_producer_produce_latency_seconds",
                  "Time from handing an event to librdkafka to its delivery report",
                  {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30})
              .with({})),
      kafka_msg_cnt_(registry
                         .gauge("tracker_producer_kafka_queue_messages_stats",
                                "librdkafka statistics msg_cnt: messages in the producer queue")
                         .with({})),
      kafka_msg_size_(registry
                          .gauge("tracker_producer_kafka_queue_bytes",
                                 "librdkafka statistics msg_size: bytes in the producer queue")
                          .with({})),
      kafka_tx_(registry
                    .counter("tracker_producer_kafka_requests_sent_total",
                             "librdkafka statistics tx: requests sent to brokers")
                    .with({})),
      kafka_txerrs_(registry
                        .counter("tracker_producer_kafka_request_errors_total",
                                 "librdkafka statistics txerrs: errors sending to brokers")
                        .with({})),
      kafka_txmsgs_(registry
                        .counter("tracker_producer_kafka_messages_sent_total",
                                 "librdkafka statistics txmsgs: messages sent to brokers")
                        .with({})),
      broker_rtt_(registry.gauge("tracker_producer_kafka_broker_rtt_avg_seconds",
                                 "librdkafka statistics brokers[].rtt.avg", {"broker"})),
      broker_up_(registry.gauge("tracker_producer_kafka_broker_up",
                                "1 when the connection to the broker is UP", {"broker"})) {}

void ProducerMetrics::countRequest(std::string_view route, std::string_view method, int status) {
  http_requests_.with({std::string(route), std::string(method), std::to_string(status)}).add();
}

void ProducerMetrics::countAccepted(std::uint64_t count) { events_accepted_.add(count); }

void ProducerMetrics::countRejected(std::string_view code) {
  events_rejected_.with({std::string(code)}).add();
}

void ProducerMetrics::countFailed(std::string_view code) {
  events_failed_.with({std::string(code)}).add();
}

void ProducerMetrics::countRefused(std::string_view code) {
  requests_refused_.with({std::string(code)}).add();
}

void ProducerMetrics::observeProduceLatency(double seconds) { produce_latency_.observe(seconds); }

void ProducerMetrics::recordStats(const RdKafkaStats& stats) {
  kafka_msg_cnt_.set(static_cast<double>(stats.msg_cnt));
  kafka_msg_size_.set(static_cast<double>(stats.msg_size));
  kafka_tx_.set(static_cast<std::uint64_t>(stats.tx));
  kafka_txerrs_.set(static_cast<std::uint64_t>(stats.txerrs));
  kafka_txmsgs_.set(static_cast<std::uint64_t>(stats.txmsgs));
  for (const RdKafkaStats::Broker& broker : stats.brokers) {
    broker_rtt_.with({broker.name}).set(static_cast<double>(broker.rtt_avg_us) / 1e6);
    broker_up_.with({broker.name}).set(broker.state == "UP" ? 1.0 : 0.0);
  }
}

}  // namespace tracker::event_producer
