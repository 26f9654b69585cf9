#include "monitor_metrics.h"

#include "filter.h"

#include <array>
#include <string_view>

namespace tracker::event_dlt_monitor {
namespace {

// The label values a series may take (series are never removed: bounded here).
constexpr std::array<std::string_view, 5> kStages = {"decode", "validate", "postgres", "search",
                                                     "unknown"};

std::string stageLabel(const std::string& stage) {
  for (const std::string_view known : kStages) {
    if (stage == known) return stage;
  }
  return "other";
}

}  // namespace

MonitorMetrics::MonitorMetrics(DeadLetterStore& store, const ReaderState& reader,
                               const ReplayCounters& replays)
    : store_(store),
      dead_letters_(registry_.gauge("tracker_dlt_monitor_dead_letters",
                                    "Dead letters stored, by stage and status",
                                    {"stage", "status"})),
      oldest_age_(registry_
                      .gauge("tracker_dlt_monitor_oldest_unresolved_age_seconds",
                             "Age of the oldest dead letter that is new, replaying or parked")
                      .with({})) {
  const auto counter = [this](const char* name, const char* help,
                              const std::atomic<std::uint64_t>& value) {
    mirrored_.push_back({&registry_.counter(name, help).with({}), &value});
  };
  counter("tracker_dlt_monitor_read_total", "DLT records read", reader.read);
  counter("tracker_dlt_monitor_stored_total", "New dead letter rows stored", reader.stored);
  counter("tracker_dlt_monitor_replays_total", "Dead letters replayed (acknowledged by Kafka)",
          replays.replayed);
  counter("tracker_dlt_monitor_replay_failures_total", "Replays Kafka did not acknowledge",
          replays.failed);
  counter("tracker_dlt_monitor_compensations_total", "Automatic replays (actor auto)",
          replays.compensated);
  counter("tracker_dlt_monitor_discards_total", "Dead letters discarded", discards_);
  registry_.callbackGauge("tracker_dlt_monitor_store_failing",
                          "1 while a batch of dead letters waits for PostgreSQL",
                          [&reader] { return reader.store_failing.load() ? 1.0 : 0.0; });
}

std::string MonitorMetrics::render() {
  if (auto counts = store_.counts()) {
    for (const std::string_view stage : kStages) {
      for (const std::string& status : statusNames()) {
        dead_letters_.with({std::string(stage), status}).set(0);
      }
    }
    for (const auto& count : *counts) {
      dead_letters_.with({stageLabel(count.stage), count.status})
          .add(static_cast<double>(count.count));
    }
  }
  if (auto age = store_.oldestUnresolvedAgeSeconds()) oldest_age_.set(*age);
  for (const auto& [counter, value] : mirrored_)
    counter->set(value->load(std::memory_order_relaxed));
  return registry_.render();
}

}  // namespace tracker::event_dlt_monitor
