#include "loadgen/run_stats.h"

namespace tracker::loadgen {
namespace {

Counters difference(const Counters& now, const Counters& before) {
  return Counters{
      .requests_sent = now.requests_sent - before.requests_sent,
      .responses = now.responses - before.responses,
      .transport_errors = now.transport_errors - before.transport_errors,
      .events_sent = now.events_sent - before.events_sent,
      .events_accepted = now.events_accepted - before.events_accepted,
      .events_rejected = now.events_rejected - before.events_rejected,
      .events_failed = now.events_failed - before.events_failed,
  };
}

template <typename Map>
void increment(Map& map, std::string_view key, std::uint64_t by) {
  if (auto it = map.find(key); it != map.end()) {
    it->second += by;
  } else {
    map.emplace(std::string(key), by);
  }
}

}  // namespace

void RunStats::recordSent(std::size_t events) {
  ++totals_.requests_sent;
  totals_.events_sent += events;
}

void RunStats::recordResponse(long status, const ResponseOutcome& outcome,
                              std::uint64_t latency_us) {
  ++totals_.responses;
  totals_.events_accepted += outcome.accepted;
  totals_.events_rejected += outcome.rejected;
  ++statuses_[status];
  for (const auto& [code, count] : outcome.rejected_by_code) {
    increment(rejected_by_code_, code, count);
  }
  latency_us_.record(latency_us);
  interval_latency_us_.record(latency_us);
}

void RunStats::recordTransportError(std::string_view kind, std::string_view message,
                                    std::size_t events) {
  ++totals_.transport_errors;
  totals_.events_failed += events;
  increment(transport_errors_, kind, 1);
  if (first_transport_error_.empty()) first_transport_error_ = std::string(message);
}

IntervalStats RunStats::takeInterval() {
  IntervalStats interval{difference(totals_, interval_start_), interval_latency_us_};
  interval_start_ = totals_;
  interval_latency_us_.reset();
  return interval;
}

}  // namespace tracker::loadgen
