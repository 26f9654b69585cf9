#include "producer_metrics.h"

#include <gtest/gtest.h>

namespace tracker::event_producer {
namespace {

// Trimmed from a real librdkafka 2.0.2 producer statistics document.
constexpr std::string_view kStats = R"({
  "name": "event-producer#producer-1", "type": "producer", "ts": 1, "msg_cnt": 12,
  "msg_size": 3400, "tx": 120, "txerrs": 2, "txmsgs": 5000,
  "brokers": {
    "127.0.0.1:19092/bootstrap": {"name": "127.0.0.1:19092/bootstrap", "nodeid": -1,
                                  "state": "INIT", "rtt": {"avg": 0}},
    "127.0.0.1:19092/1": {"name": "127.0.0.1:19092/1", "nodeid": 1, "state": "UP",
                          "rtt": {"min": 100, "max": 900, "avg": 450}}
  }
})";

TEST(ProducerMetricsTest, ParsesStatistics) {
  const auto stats = parseRdKafkaStats(kStats);
  ASSERT_TRUE(stats) << stats.error().toString();
  EXPECT_EQ(stats->msg_cnt, 12);
  EXPECT_EQ(stats->msg_size, 3400);
  EXPECT_EQ(stats->tx, 120);
  EXPECT_EQ(stats->txerrs, 2);
  EXPECT_EQ(stats->txmsgs, 5000);
  ASSERT_EQ(stats->brokers.size(), 1u);
  EXPECT_EQ(stats->brokers[0].name, "127.0.0.1:19092/1");
  EXPECT_EQ(stats->brokers[0].rtt_avg_us, 450);
  EXPECT_TRUE(stats->anyBrokerUp());
}

TEST(ProducerMetricsTest, BadStatisticsAreAnError) {
  EXPECT_FALSE(parseRdKafkaStats("not json"));
  EXPECT_FALSE(parseRdKafkaStats("[1]"));
  const auto empty = parseRdKafkaStats("{}");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->anyBrokerUp());
}

TEST(ProducerMetricsTest, ExportsUnderTrackerProducerNames) {
  metrics::MetricsRegistry registry;
  ProducerMetrics metrics(registry);
  metrics.countRequest("/api/events", "POST", 201);
  metrics.countAccepted(3);
  metrics.countRejected("missing_field");
  metrics.observeProduceLatency(0.004);
  metrics.recordStats(*parseRdKafkaStats(kStats));
  const std::string text = registry.render();
  for (const char* expected :
       {"tracker_producer_http_requests_total{route=\"/api/events\",method=\"POST\","
        "status=\"201\"} 1",
        "tracker_producer_events_accepted_total 3",
        "tracker_producer_events_rejected_total{reason=\"missing_field\"} 1",
        "tracker_producer_produce_latency_seconds_bucket{le=\"0.005\"} 1",
        "tracker_producer_kafka_requests_sent_total 120",
        "tracker_producer_kafka_broker_rtt_avg_seconds{broker=\"127.0.0.1:19092/1\"} 0.00045"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  // Every sample line is one of ours.
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    if (!line.starts_with("#")) {
      EXPECT_TRUE(line.starts_with("tracker_producer_")) << line;
    }
    start = end + 1;
  }
}

}  // namespace
}  // namespace tracker::event_producer
