#include "loadgen/report.h"

#include "loadgen/errors.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace tracker::loadgen {
namespace {

std::string format(const char* pattern, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, values...);
  return buffer;
}

double seconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

double perSecond(std::uint64_t count, std::chrono::nanoseconds elapsed) {
  const double s = seconds(elapsed);
  return s > 0 ? static_cast<double>(count) / s : 0;
}

double millis(std::uint64_t micros) { return static_cast<double>(micros) / 1000.0; }

std::string formatName(BodyFormat format) {
  return format == BodyFormat::kJson ? "json" : "protobuf";
}

std::string loadDescription(const Options& options) {
  std::string text;
  if (options.mode == LoadMode::kOpenLoop) {
    text = format("open loop, %.6g events/s on %zu connections", options.rate, options.connections);
  } else {
    text = format("closed loop, %zu requests in flight", options.concurrency);
  }
  if (options.duration) {
    text += format(", %.6g s", seconds(*options.duration));
  } else if (options.count) {
    text += format(", %llu events", static_cast<unsigned long long>(*options.count));
  }
  return text;
}

template <typename Map>
std::string joinCounts(const Map& map, const char* separator) {
  std::string text;
  for (const auto& [key, count] : map) {
    if (!text.empty()) text += ", ";
    if constexpr (std::is_integral_v<std::decay_t<decltype(key)>>) {
      text += std::to_string(key);
    } else {
      text += key;
    }
    text += separator;
    text += std::to_string(count);
  }
  return text.empty() ? "none" : text;
}

}  // namespace

std::string formatProgress(const DriverTick& tick, const IntervalStats& interval,
                           const Counters& totals) {
  const auto& c = interval.counters;
  std::string line =
      format("[%5.0fs] sent %llu  accepted %llu  rejected %llu  errors %llu | %llu ev/s %llu req/s",
             seconds(tick.elapsed), static_cast<unsigned long long>(totals.events_sent),
             static_cast<unsigned long long>(totals.events_accepted),
             static_cast<unsigned long long>(totals.events_rejected),
             static_cast<unsigned long long>(totals.transport_errors),
             static_cast<unsigned long long>(c.events_sent),
             static_cast<unsigned long long>(c.requests_sent));
  if (interval.latency_us.count() > 0) {
    line += format(" | p50 %.2f ms p99 %.2f ms", millis(interval.latency_us.percentile(50)),
                   millis(interval.latency_us.percentile(99)));
  } else {
    line += " | p50 - p99 -";
  }
  line += format(" | in flight %zu", tick.in_flight);
  if (tick.backlog > 0) {
    line += format(", behind schedule %llu", static_cast<unsigned long long>(tick.backlog));
  }
  return line;
}

std::string formatSummary(const RunReport& report) {
  const Options& options = report.options;
  const Counters& t = report.stats.totals();
  const Histogram& latency = report.stats.latencyUs();
  const auto elapsed = report.result.elapsed;

  std::string text = "== loadgen summary ==\n";
  text += "target       " + options.url + "  (" + formatName(options.format) + ", " +
          std::to_string(options.batch) + (options.batch == 1 ? " event" : " events") +
          " per request)\n";
  text += "load         " + loadDescription(options) + "\n";
  text += format("seed         %llu\n", static_cast<unsigned long long>(report.seed));
  text += format("elapsed      %.3f s", seconds(elapsed));
  if (report.result.interrupted) text += "  (interrupted)";
  if (report.result.unreachable) text += "  (stopped: target unreachable)";
  text += "\n";
  text += format("requests     %llu sent, %llu answered, %llu transport errors",
                 static_cast<unsigned long long>(t.requests_sent),
                 static_cast<unsigned long long>(t.responses),
                 static_cast<unsigned long long>(t.transport_errors));
  if (options.mode == LoadMode::kOpenLoop) {
    text += format(", %llu not sent (behind schedule, max backlog %llu)",
                   static_cast<unsigned long long>(report.result.not_sent),
                   static_cast<unsigned long long>(report.result.max_backlog));
  }
  text += "\n";
  text += format("events       %llu sent, %llu accepted, %llu rejected, %llu lost in transport\n",
                 static_cast<unsigned long long>(t.events_sent),
                 static_cast<unsigned long long>(t.events_accepted),
                 static_cast<unsigned long long>(t.events_rejected),
                 static_cast<unsigned long long>(t.events_failed));
  text += "rejected     " + joinCounts(report.stats.rejectedByCode(), " ") + "\n";
  text += "http status  " + joinCounts(report.stats.statuses(), ": ") + "\n";
  text += "transport    " + joinCounts(report.stats.transportErrors(), " ");
  if (!report.stats.firstTransportError().empty()) {
    text += "  (first: " + report.stats.firstTransportError() + ")";
  }
  text += "\n";
  text += format("throughput   %.1f requests/s, %.1f events/s sent, %.1f events/s accepted\n",
                 perSecond(t.requests_sent, elapsed), perSecond(t.events_sent, elapsed),
                 perSecond(t.events_accepted, elapsed));
  if (latency.count() > 0) {
    text += format(
        "latency      p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms "
        "(%llu responses, from the %s)\n",
        millis(latency.percentile(50)), millis(latency.percentile(95)),
        millis(latency.percentile(99)), millis(latency.max()), latency.mean() / 1000.0,
        static_cast<unsigned long long>(latency.count()),
        options.mode == LoadMode::kOpenLoop ? "scheduled send time" : "actual send time");
  } else {
    text += "latency      no responses\n";
  }
  return text;
}

std::string summaryJson(const RunReport& report) {
  using nlohmann::json;
  const Options& options = report.options;
  const Counters& t = report.stats.totals();
  const Histogram& latency = report.stats.latencyUs();
  const auto elapsed = report.result.elapsed;

  json load = {{"mode", options.mode == LoadMode::kOpenLoop ? "open_loop" : "closed_loop"}};
  if (options.mode == LoadMode::kOpenLoop) {
    load["rate_events_per_s"] = options.rate;
    load["connections"] = options.connections;
  } else {
    load["concurrency"] = options.concurrency;
  }
  load["duration_s"] = options.duration ? json(seconds(*options.duration)) : json(nullptr);
  load["count"] = options.count ? json(*options.count) : json(nullptr);

  json statuses = json::object();
  for (const auto& [status, count] : report.stats.statuses()) {
    statuses[std::to_string(status)] = count;
  }
  json latency_ms = {
      {"samples", latency.count()},
      {"measured_from", options.mode == LoadMode::kOpenLoop ? "scheduled_send" : "actual_send"}};
  for (const auto& [name, p] :
       {std::pair{"p50", 50.0}, std::pair{"p90", 90.0}, std::pair{"p95", 95.0},
        std::pair{"p99", 99.0}, std::pair{"p999", 99.9}}) {
    latency_ms[name] = millis(latency.percentile(p));
  }
  latency_ms["max"] = millis(latency.max());
  latency_ms["mean"] = latency.mean() / 1000.0;

  const json document = {
      {"target",
       {{"url", options.url}, {"format", formatName(options.format)}, {"batch", options.batch}}},
      {"load", load},
      {"seed", report.seed},
      {"users", options.users},
      {"zipf_exponent", options.zipf_exponent},
      {"elapsed_s", seconds(elapsed)},
      {"interrupted", report.result.interrupted},
      {"unreachable", report.result.unreachable},
      {"requests",
       {{"sent", t.requests_sent},
        {"answered", t.responses},
        {"transport_errors", t.transport_errors},
        {"not_sent", report.result.not_sent},
        {"max_backlog", report.result.max_backlog}}},
      {"events",
       {{"sent", t.events_sent},
        {"accepted", t.events_accepted},
        {"rejected", t.events_rejected},
        {"lost_in_transport", t.events_failed}}},
      {"rejected_by_code", json(report.stats.rejectedByCode())},
      {"http_status", statuses},
      {"transport_errors", json(report.stats.transportErrors())},
      {"first_transport_error", report.stats.firstTransportError()},
      {"throughput",
       {{"requests_per_s", perSecond(t.requests_sent, elapsed)},
        {"events_per_s", perSecond(t.events_sent, elapsed)},
        {"accepted_events_per_s", perSecond(t.events_accepted, elapsed)}}},
      {"latency_ms", latency_ms},
  };
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

common::Result<void> writeFile(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file) file << text;
  if (file) file.flush();
  if (!file) {
    return common::makeError(std::string(errc::kReportWrite),
                             "cannot write " + path + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace tracker::loadgen
