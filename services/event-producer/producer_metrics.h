#pragma once

// The event-producer's metrics (all named tracker_producer_*), and the part of librdkafka's
// statistics JSON (STATISTICS.md) they mirror.

#include "common/result.h"
#include "metrics/metrics_registry.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_producer {

/// The librdkafka statistics this service exports.
struct RdKafkaStats {
  /// Messages in the producer queue (msg_cnt) and their bytes (msg_size).
  std::int64_t msg_cnt = 0;
  std::int64_t msg_size = 0;
  /// Requests sent to brokers (tx), send errors (txerrs), messages sent (txmsgs).
  std::int64_t tx = 0;
  std::int64_t txerrs = 0;
  std::int64_t txmsgs = 0;
  struct Broker {
    std::string name;
    std::int32_t nodeid = -1;
    std::string state;
    /// Average round-trip time in microseconds over the last interval (rtt.avg).
    std::int64_t rtt_avg_us = 0;
  };
  /// Brokers learnt from metadata (bootstrap entries, nodeid -1, are skipped).
  std::vector<Broker> brokers;

  /// True when at least one broker connection is up.
  bool anyBrokerUp() const;
};

/// Reads the fields above from a librdkafka statistics document; fails with
/// "event_producer.bad_statistics" when it is not the expected JSON object.
common::Result<RdKafkaStats> parseRdKafkaStats(std::string_view json);

/// Every series the service exports, registered in a MetricsRegistry at construction. The
/// references stay valid as long as the registry lives.
class ProducerMetrics {
 public:
  explicit ProducerMetrics(metrics::MetricsRegistry& registry);

  /// One finished HTTP request (route = pattern or "unmatched").
  void countRequest(std::string_view route, std::string_view method, int status);
  /// Events acknowledged by Kafka.
  void countAccepted(std::uint64_t count);
  /// One event rejected by validation with `code` (its first field error).
  void countRejected(std::string_view code);
  /// One valid event that Kafka did not take, with its failure code.
  void countFailed(std::string_view code);
  /// A whole request refused before producing (400, 401, 413, 415, 429, 503...), by code.
  void countRefused(std::string_view code);
  /// Time from enqueue to delivery report.
  void observeProduceLatency(double seconds);
  /// Mirrors librdkafka statistics.
  void recordStats(const RdKafkaStats& stats);

  /// POST requests waiting for Kafka.
  metrics::Gauge& inflight_requests;
  /// Current partition count of the topic.
  metrics::Gauge& partitions;

 private:
  metrics::Family<metrics::Counter>& http_requests_;
  metrics::Counter& events_accepted_;
  metrics::Family<metrics::Counter>& events_rejected_;
  metrics::Family<metrics::Counter>& events_failed_;
  metrics::Family<metrics::Counter>& requests_refused_;
  metrics::Histogram& produce_latency_;
  metrics::Gauge& kafka_msg_cnt_;
  metrics::Gauge& kafka_msg_size_;
  metrics::Counter& kafka_tx_;
  metrics::Counter& kafka_txerrs_;
  metrics::Counter& kafka_txmsgs_;
  metrics::Family<metrics::Gauge>& broker_rtt_;
  metrics::Family<metrics::Gauge>& broker_up_;
};

}  // namespace tracker::event_producer
