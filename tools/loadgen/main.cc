// loadgen: realistic user-behaviour traffic against the ingest API. Wiring only; see README.md.

#include "loadgen/event_generator.h"
#include "loadgen/http_driver.h"
#include "loadgen/options.h"
#include "loadgen/report.h"
#include "loadgen/request_source.h"
#include "loadgen/run_stats.h"

#include <csignal>
#include <cstdio>
#include <random>
#include <string_view>
#include <vector>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUnreachable = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

// Set by SIGINT/SIGTERM; the driver polls it at least once per second.
std::atomic<bool> stop_requested{false};

extern "C" void onSignal(int /*signal*/) { stop_requested.store(true); }

}  // namespace

int main(int argc, char** argv) {
  using namespace tracker::loadgen;

  const std::vector<std::string_view> args(argv + 1, argv + argc);
  const auto options = parseOptions(args);
  if (!options) {
    std::fprintf(stderr, "loadgen: %s\n", options.error().message.c_str());
    return kExitUsage;
  }
  if (options->help) {
    std::fputs(usageText().c_str(), stdout);
    return kExitOk;
  }

  const std::uint64_t seed = options->seed ? *options->seed : std::random_device{}();
  EventGenerator generator(GeneratorOptions{.seed = seed,
                                            .users = options->users,
                                            .zipf_exponent = options->zipf_exponent,
                                            .mean_session_events = options->mean_session_events,
                                            .with_event_ids = options->event_ids},
                           systemNowMs);
  RequestSource source(generator, options->format, options->batch);

  const bool open_loop = options->mode == LoadMode::kOpenLoop;
  auto driver = HttpDriver::create(DriverOptions{
      .url = source.url(options->url),
      .content_type = std::string(source.contentType()),
      .api_key = options->api_key,
      .batch = options->batch > 1,
      .mode = options->mode,
      .requests_per_second = options->rate / static_cast<double>(options->batch),
      .slots = open_loop ? options->connections : options->concurrency,
      .duration = options->duration,
      .event_count = options->count,
      .request_timeout = options->timeout,
  });
  if (!driver) {
    std::fprintf(stderr, "loadgen: %s\n", driver.error().toString().c_str());
    return kExitUnreachable;
  }

  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);

  RunStats stats;
  const auto on_tick = [&](const DriverTick& tick) {
    const IntervalStats interval = stats.takeInterval();
    if (!options->quiet) {
      std::fprintf(stderr, "%s\n", formatProgress(tick, interval, stats.totals()).c_str());
    }
  };
  const DriverResult result =
      (*driver)->run([&](std::uint64_t remaining) { return source.next(remaining); }, stats,
                     on_tick, stop_requested);

  const RunReport report{*options, seed, result, stats};
  std::fputs(formatSummary(report).c_str(), stdout);
  std::fflush(stdout);
  if (!options->report_path.empty()) {
    if (auto written = writeFile(options->report_path, summaryJson(report)); !written) {
      std::fprintf(stderr, "loadgen: %s\n", written.error().toString().c_str());
    }
  }

  if (stats.totals().responses == 0 && stats.totals().transport_errors > 0) {
    std::fprintf(stderr, "loadgen: could not reach %s: %s\n", options->url.c_str(),
                 stats.firstTransportError().c_str());
    return kExitUnreachable;
  }
  return result.interrupted ? kExitInterrupted : kExitOk;
}
