#pragma once

// GET /metrics of event-consumer (Prometheus text, all named tracker_consumer_*), rendered from
// ConsumerStatus at scrape time:
//   counters   consumed_total, written_total{sink=postgres|search}, retried_total,
//              dead_lettered_total{stage=decode|validate|postgres|search}, committed_batches_total,
//              rebalances_total{kind=assigned|revoked|lost[|error]}
//   gauges     lag{partition} (kafka::partitionLag), assigned_partitions, paused_partitions,
//              sink_up{sink}, generation
//   histograms batch_duration_seconds (batch collected → offsets committed), batch_records,
//              end_to_end_seconds (record timestamp → its batch finished)
//
// A fresh registry is built per scrape because the per-partition series come and go with the
// assignment (a long-lived registry never forgets a series); the counters and histograms
// themselves live in ConsumerCounters.

#include "consumer_status.h"

#include <string>

namespace tracker::event_consumer {

/// Renders the metrics of one consumer instance.
class ConsumerMetrics {
 public:
  /// tracker_consumer_sink_up reports the status's monitored sinks (setMonitoredSinks) and any
  /// sink reported down. `status` must outlive this object.
  explicit ConsumerMetrics(const ConsumerStatus& status);

  /// The text exposition format 0.0.4.
  std::string render() const;

 private:
  const ConsumerStatus& status_;
};

}  // namespace tracker::event_consumer
