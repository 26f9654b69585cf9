#pragma once

// GET /metrics of event-dlt-monitor (Prometheus text, all named tracker_dlt_monitor_*):
//   gauges    dead_letters{stage,status} and oldest_unresolved_age_seconds (read from PostgreSQL
//             at scrape time, so every instance reports the same truth), store_failing
//   counters  read_total, stored_total (new rows), replays_total, replay_failures_total,
//             compensations_total, discards_total (this process since start)

#include "dead_letter_store.h"
#include "dlt_reader.h"
#include "metrics/metrics_registry.h"
#include "replayer.h"

#include <atomic>
#include <string>
#include <utility>
#include <vector>

namespace tracker::event_dlt_monitor {

class MonitorMetrics {
 public:
  /// Everything referenced must outlive this object.
  MonitorMetrics(DeadLetterStore& store, const ReaderState& reader, const ReplayCounters& replays);

  /// Counts rows a person discarded.
  void countDiscards(std::size_t n) { discards_.fetch_add(n, std::memory_order_relaxed); }

  /// The exposition text; the database gauges keep their last values when PostgreSQL is down.
  std::string render();

 private:
  DeadLetterStore& store_;
  std::atomic<std::uint64_t> discards_{0};
  metrics::MetricsRegistry registry_;
  metrics::Family<metrics::Gauge>& dead_letters_;
  metrics::Gauge& oldest_age_;
  // Counters kept by their owners as atomics, copied into the registry at render time.
  std::vector<std::pair<metrics::Counter*, const std::atomic<std::uint64_t>*>> mirrored_;
};

}  // namespace tracker::event_dlt_monitor
