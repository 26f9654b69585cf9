#include "metrics/metrics_registry.h"

#include <gtest/gtest.h>

namespace tracker::metrics {
namespace {

TEST(MetricsRegistryTest, RendersCountersGaugesAndCallbacks) {
  MetricsRegistry registry;
  auto& requests = registry.counter("x_requests_total", "Requests.", {"route", "status"});
  requests.with({"/a", "200"}).add(3);
  requests.with({"/a", "404"}).add();
  registry.gauge("x_depth", "Depth.").with({}).set(2.5);
  registry.callbackGauge("x_queue", "Queue.", [] { return 7.0; });
  EXPECT_EQ(registry.render(),
            "# HELP x_requests_total Requests.\n"
            "# TYPE x_requests_total counter\n"
            "x_requests_total{route=\"/a\",status=\"200\"} 3\n"
            "x_requests_total{route=\"/a\",status=\"404\"} 1\n"
            "# HELP x_depth Depth.\n"
            "# TYPE x_depth gauge\n"
            "x_depth 2.5\n"
            "# HELP x_queue Queue.\n"
            "# TYPE x_queue gauge\n"
            "x_queue 7\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  auto& latency = registry.histogram("x_seconds", "Latency.", {0.1, 1}).with({});
  latency.observe(0.05);
  latency.observe(0.1);  // upper bounds are inclusive
  latency.observe(0.5);
  latency.observe(3);
  EXPECT_EQ(registry.render(),
            "# HELP x_seconds Latency.\n"
            "# TYPE x_seconds histogram\n"
            "x_seconds_bucket{le=\"0.1\"} 2\n"
            "x_seconds_bucket{le=\"1\"} 3\n"
            "x_seconds_bucket{le=\"+Inf\"} 4\n"
            "x_seconds_sum 3.65\n"
            "x_seconds_count 4\n");
}

TEST(MetricsRegistryTest, CallbackHistogramRendersAnOwnedHistogram) {
  Histogram owned({0.5});
  owned.observe(0.25);
  owned.observe(2);
  MetricsRegistry registry;
  registry.callbackHistogram("x_batch_seconds", "Batches.", [&owned] { return owned.snapshot(); });
  EXPECT_EQ(registry.render(),
            "# HELP x_batch_seconds Batches.\n"
            "# TYPE x_batch_seconds histogram\n"
            "x_batch_seconds_bucket{le=\"0.5\"} 1\n"
            "x_batch_seconds_bucket{le=\"+Inf\"} 2\n"
            "x_batch_seconds_sum 2.25\n"
            "x_batch_seconds_count 2\n");
  owned.observe(0.1);  // read at render time, not at registration
  EXPECT_NE(registry.render().find("x_batch_seconds_count 3\n"), std::string::npos);
}

TEST(MetricsRegistryTest, LabelValuesAreEscaped) {
  EXPECT_EQ(escapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(MetricsRegistryTest, SampleValues) {
  EXPECT_EQ(formatSampleValue(3), "3");
  EXPECT_EQ(formatSampleValue(0.25), "0.25");
  EXPECT_EQ(formatSampleValue(1.0 / 0.0), "+Inf");
}

TEST(MetricsRegistryTest, GaugeAddsUpAndDown) {
  Gauge gauge;
  gauge.add(2);
  gauge.add(-0.5);
  EXPECT_EQ(gauge.value(), 1.5);
}

}  // namespace
}  // namespace tracker::metrics
