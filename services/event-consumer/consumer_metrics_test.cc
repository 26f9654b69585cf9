#include "consumer_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

namespace tracker::event_consumer {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConsumerMetricsTest, RendersCountersBySinkStageAndKind) {
  ConsumerStatus status("i", "g", "t");
  status.counters().consumed = 12;
  status.counters().written_postgres = 10;
  status.counters().written_search = 3;
  status.counters().retried = 2;
  status.counters().committed_batches = 4;
  status.counters().dead_lettered[static_cast<std::size_t>(Stage::kValidate)] = 1;
  status.recordRebalance({1, "assigned", {0, 1}});
  status.recordRebalance({2, "assigned", {2}});
  status.recordRebalance({3, "error", {}});
  status.setMonitoredSinks({"postgres"});
  const std::string text = ConsumerMetrics(status).render();
  EXPECT_THAT(text, HasSubstr("# TYPE tracker_consumer_consumed_total counter\n"
                              "tracker_consumer_consumed_total 12\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_written_total{sink=\"postgres\"} 10\n"
                              "tracker_consumer_written_total{sink=\"search\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_retried_total 2\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_committed_batches_total 4\n"));
  // Every stage and every ordinary kind is present, zero or not, so rate() works from the start.
  EXPECT_THAT(text, HasSubstr("tracker_consumer_dead_lettered_total{stage=\"decode\"} 0\n"
                              "tracker_consumer_dead_lettered_total{stage=\"postgres\"} 0\n"
                              "tracker_consumer_dead_lettered_total{stage=\"search\"} 0\n"
                              "tracker_consumer_dead_lettered_total{stage=\"validate\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_rebalances_total{kind=\"assigned\"} 2\n"
                              "tracker_consumer_rebalances_total{kind=\"error\"} 1\n"
                              "tracker_consumer_rebalances_total{kind=\"lost\"} 0\n"
                              "tracker_consumer_rebalances_total{kind=\"revoked\"} 0\n"));
}

TEST(ConsumerMetricsTest, LagPausedAndAssignedFollowTheCurrentAssignment) {
  ConsumerStatus status("i", "g", "t");
  status.setPartitions({{0, 10, 12, 15, false},
                        {1, kNoOffset, 4, 9, true},          // nothing committed: from position
                        {2, kNoOffset, kNoOffset, 7, true},  // nothing known: no lag series
                        {3, 5, 5, -1, false}});              // no high watermark yet
  ConsumerMetrics metrics(status);
  std::string text = metrics.render();
  EXPECT_THAT(text, HasSubstr("# TYPE tracker_consumer_lag gauge\n"
                              "tracker_consumer_lag{partition=\"0\"} 5\n"
                              "tracker_consumer_lag{partition=\"1\"} 5\n"
                              "# HELP"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_assigned_partitions 4\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_paused_partitions 2\n"));

  // After a revocation the series of the partitions that left are gone.
  status.setPartitions({{1, 9, 9, 9, false}});
  text = metrics.render();
  EXPECT_THAT(text, Not(HasSubstr("partition=\"0\"")));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_lag{partition=\"1\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_paused_partitions 0\n"));
}

TEST(ConsumerMetricsTest, SinkUpIsOneUnlessDown) {
  ConsumerStatus status("i", "g", "t");
  status.setMonitoredSinks({"postgres", "registry", "dlt"});
  ConsumerMetrics metrics(status);
  EXPECT_THAT(metrics.render(), HasSubstr("tracker_consumer_sink_up{sink=\"dlt\"} 1\n"
                                          "tracker_consumer_sink_up{sink=\"postgres\"} 1\n"
                                          "tracker_consumer_sink_up{sink=\"registry\"} 1\n"));
  status.setSinkDown("postgres", "connection refused");
  status.setSinkDown("search", "503");  // not listed, still reported
  const std::string text = metrics.render();
  EXPECT_THAT(text, HasSubstr("tracker_consumer_sink_up{sink=\"postgres\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_sink_up{sink=\"search\"} 0\n"));
  status.setSinkDown("postgres", std::nullopt);
  EXPECT_THAT(metrics.render(), HasSubstr("tracker_consumer_sink_up{sink=\"postgres\"} 1\n"));
}

TEST(ConsumerMetricsTest, GenerationGauge) {
  ConsumerStatus status("i", "g", "t");
  ConsumerMetrics metrics(status);
  EXPECT_THAT(metrics.render(), HasSubstr("tracker_consumer_generation -1\n"));
  status.setGeneration(42);
  EXPECT_THAT(metrics.render(), HasSubstr("tracker_consumer_generation 42\n"));
}

TEST(ConsumerMetricsTest, BatchHistogramsInSecondsAndRecords) {
  ConsumerStatus status("i", "g", "t");
  status.counters().recordBatch(std::chrono::milliseconds(3), 20);
  status.counters().recordBatch(std::chrono::milliseconds(40), 500);
  const std::string text = ConsumerMetrics(status).render();
  EXPECT_THAT(text, HasSubstr("# TYPE tracker_consumer_batch_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_batch_duration_seconds_bucket{le=\"0.0025\"} 0\n"
                              "tracker_consumer_batch_duration_seconds_bucket{le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_batch_duration_seconds_bucket{le=\"0.05\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_batch_duration_seconds_sum 0.043\n"
                              "tracker_consumer_batch_duration_seconds_count 2\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_batch_records_bucket{le=\"25\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_batch_records_bucket{le=\"500\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_batch_records_sum 520\n"));
}

TEST(ConsumerMetricsTest, EndToEndHistogramObservesEveryRecordInSeconds) {
  ConsumerStatus status("i", "g", "t");
  ConsumerMetrics metrics(status);
  // Present with zero counts before the first batch, so rate() works from the start.
  EXPECT_THAT(metrics.render(), HasSubstr("tracker_consumer_end_to_end_seconds_count 0\n"));
  const std::int64_t stamps[] = {99'997, 99'960, 99'000, 20'000};
  status.counters().recordEndToEnd(stamps, 100'000);  // 3 ms, 40 ms, 1 s, 80 s
  const std::string text = metrics.render();
  EXPECT_THAT(text, HasSubstr("# HELP tracker_consumer_end_to_end_seconds "));
  EXPECT_THAT(text, HasSubstr("# TYPE tracker_consumer_end_to_end_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_end_to_end_seconds_bucket{le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_end_to_end_seconds_bucket{le=\"0.05\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_end_to_end_seconds_bucket{le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("tracker_consumer_end_to_end_seconds_bucket{le=\"60\"} 3\n"
                              "tracker_consumer_end_to_end_seconds_bucket{le=\"+Inf\"} 4\n"
                              "tracker_consumer_end_to_end_seconds_sum 81.043\n"
                              "tracker_consumer_end_to_end_seconds_count 4\n"));
}

TEST(ConsumerMetricsTest, StatusAndMetricsShowTheSameLag) {
  // One rule (kafka::partitionLag) behind both endpoints, "no commit yet" included.
  ConsumerStatus status("i", "g", "t");
  status.setPartitions({{0, 10, 12, 15, false},
                        {1, kNoOffset, 20, 50, false},
                        {2, 60, 60, 50, false},
                        {3, kNoOffset, kNoOffset, 0, false}});
  const auto body = nlohmann::json::parse(status.renderJson());
  const std::string text = ConsumerMetrics(status).render();
  const std::int64_t expected[] = {5, 30, 0, 0};
  for (std::size_t p = 0; p < 4; ++p) {
    EXPECT_EQ(body["assigned_partitions"][p]["lag"], expected[p]) << p;
    EXPECT_THAT(text, HasSubstr("tracker_consumer_lag{partition=\"" + std::to_string(p) + "\"} " +
                                std::to_string(expected[p]) + "\n"));
  }
}

}  // namespace
}  // namespace tracker::event_consumer
