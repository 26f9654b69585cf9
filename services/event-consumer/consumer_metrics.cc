#include "consumer_metrics.h"

#include "kafka/partition_lag.h"
#include "metrics/metrics_registry.h"

namespace tracker::event_consumer {
namespace {

std::uint64_t load(const std::atomic<std::uint64_t>& value) {
  return value.load(std::memory_order_relaxed);
}

// Counters: copied from ConsumerCounters and the snapshot's rebalance tally.
void addCounters(metrics::MetricsRegistry& registry, const ConsumerCounters& counters,
                 const ConsumerStatus::Snapshot& snapshot) {
  registry.counter("tracker_consumer_consumed_total", "Records taken from Kafka.")
      .with({})
      .set(load(counters.consumed));
  auto& written =
      registry.counter("tracker_consumer_written_total",
                       "Events written by a sink (a replayed duplicate counts).", {"sink"});
  written.with({"postgres"}).set(load(counters.written_postgres));
  written.with({"search"}).set(load(counters.written_search));
  registry.counter("tracker_consumer_retried_total", "Record-level transient failures retried.")
      .with({})
      .set(load(counters.retried));
  auto& dead_lettered =
      registry.counter("tracker_consumer_dead_lettered_total",
                       "Records written to the DLT, by failing stage.", {"stage"});
  for (Stage stage : {Stage::kDecode, Stage::kValidate, Stage::kPostgres, Stage::kSearch}) {
    dead_lettered.with({stageName(stage)})
        .set(load(counters.dead_lettered[static_cast<std::size_t>(stage)]));
  }
  registry.counter("tracker_consumer_committed_batches_total", "Offset commits that succeeded.")
      .with({})
      .set(load(counters.committed_batches));
  auto& rebalances =
      registry.counter("tracker_consumer_rebalances_total",
                       "Rebalance callbacks seen by this member, by kind.", {"kind"});
  for (const char* kind : {"assigned", "revoked", "lost"}) rebalances.with({kind});
  for (const auto& [kind, count] : snapshot.rebalances_by_kind) rebalances.with({kind}).set(count);
}

// Gauges: the assignment, its lag (kafka::partitionLag, as /api/status), sinks, generation.
void addGauges(metrics::MetricsRegistry& registry, const ConsumerStatus::Snapshot& snapshot) {
  auto& lag = registry.gauge(
      "tracker_consumer_lag",
      "Records between the high watermark and the committed offset (position if none), by "
      "assigned partition.",
      {"partition"});
  std::size_t paused = 0;
  for (const PartitionStatus& partition : snapshot.partitions) {
    if (partition.paused) ++paused;
    if (const auto records = kafka::partitionLag(partition.committed, partition.position,
                                                 partition.high_watermark)) {
      lag.with({std::to_string(partition.partition)}).set(static_cast<double>(*records));
    }
  }
  registry.gauge("tracker_consumer_assigned_partitions", "Partitions assigned to this member.")
      .with({})
      .set(static_cast<double>(snapshot.partitions.size()));
  registry
      .gauge("tracker_consumer_paused_partitions",
             "Assigned partitions paused (retry back-off or a sink outage).")
      .with({})
      .set(static_cast<double>(paused));
  auto& sink_up = registry.gauge("tracker_consumer_sink_up",
                                 "1 when the dependency is usable, 0 while it is down.", {"sink"});
  for (const std::string& sink : snapshot.monitored_sinks) sink_up.with({sink}).set(1);
  for (const auto& [sink, error] : snapshot.sinks_down) sink_up.with({sink}).set(0);
  registry
      .gauge("tracker_consumer_generation",
             "Group generation id (classic) or member epoch (consumer protocol); -1: not joined.")
      .with({})
      .set(snapshot.generation);
}

}  // namespace

ConsumerMetrics::ConsumerMetrics(const ConsumerStatus& status) : status_(status) {}

std::string ConsumerMetrics::render() const {
  const ConsumerStatus::Snapshot snapshot = status_.snapshot();
  const ConsumerCounters& counters = status_.counters();
  metrics::MetricsRegistry registry;
  addCounters(registry, counters, snapshot);
  addGauges(registry, snapshot);
  registry.callbackHistogram("tracker_consumer_batch_duration_seconds",
                             "Seconds from a batch collected to its offsets committed.",
                             [&counters] { return counters.batch_seconds.snapshot(); });
  registry.callbackHistogram("tracker_consumer_batch_records", "Records per committed batch.",
                             [&counters] { return counters.batch_records.snapshot(); });
  registry.callbackHistogram(
      "tracker_consumer_end_to_end_seconds",
      "Seconds from a record's Kafka timestamp (the producer accepting it) to its batch finished.",
      [&counters] { return counters.end_to_end_seconds.snapshot(); });
  return registry.render();
}

}  // namespace tracker::event_consumer
