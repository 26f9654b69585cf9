#include "loadgen/options.h"

#include "common/parse.h"
#include "loadgen/errors.h"

#include <cmath>
#include <functional>
#include <map>

namespace tracker::loadgen {
namespace {

using common::Result;

tl::unexpected<common::Error> usageError(std::string message) {
  return common::makeError(std::string(errc::kUsage), std::move(message));
}

Result<std::int64_t> intIn(std::string_view name, std::string_view text, std::int64_t low,
                           std::int64_t high) {
  const auto value = common::parseInt64(text);
  if (!value || *value < low || *value > high) {
    return usageError(std::string(name) + " wants an integer from " + std::to_string(low) + " to " +
                      std::to_string(high) + ", got '" + std::string(text) + "'");
  }
  return *value;
}

Result<double> numberIn(std::string_view name, std::string_view text, double low, double high,
                        bool low_exclusive) {
  const auto value = common::parseDouble(text);
  if (!value || *value < low || (low_exclusive && *value == low) || *value > high) {
    return usageError(std::string(name) + " wants a number " +
                      (low_exclusive ? "above " : "from ") + std::to_string(low) + " up to " +
                      std::to_string(high) + ", got '" + std::string(text) + "'");
  }
  return *value;
}

/// "http://host:port" → "http://host:port/api/events"; a URL with a path is kept as given.
Result<std::string> endpointUrl(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else {
    return usageError("--url must start with http:// or https://, got '" + std::string(text) + "'");
  }
  if (rest.empty() || rest.front() == '/')
    return usageError("--url has no host: '" + std::string(text) + "'");
  const auto slash = rest.find('/');
  std::string url(text);
  if (slash == std::string_view::npos) {
    url += "/api/events";
  } else if (slash == rest.size() - 1) {
    url += "api/events";
  }
  return url;
}

}  // namespace

std::string usageText() {
  return R"(usage: loadgen [options]

Sends realistic user-behaviour traffic to the ingest API (POST /api/events) and reports what
happened: live progress on stderr every second, a summary on stdout at the end.

Target
  --url URL              ingest endpoint (default http://127.0.0.1:8080/api/events;
                         a URL without a path gets /api/events)
  --api-key KEY          sent as X-API-Key
  --format json|protobuf body format (default json)
  --batch N              events per request (default 1 = single-event requests)
Load model (choose one)
  --rate EVENTS_PER_S    open loop: requests leave on a fixed timetable whatever the server does;
                         latency counts from the scheduled send time (default 1000)
  --connections N        open loop: connections, the most requests in flight (default 64)
  --concurrency N        closed loop: N requests in flight, each answer starts the next
Length (choose one)
  --duration SECONDS     how long to send (default 10)
  --count EVENTS         how many events to send
Traffic
  --seed N               same seed and options = same events (default: random, printed)
  --users N              distinct users (default 100000)
  --zipf S               skew of user activity, 0 = uniform (default 1.0)
  --session-events N     mean events between login and logout (default 20)
  --event-ids            send client-generated event_id values (default: the service assigns)
Output
  --report FILE          also write the summary as JSON to FILE
  --timeout MS           per-request timeout (default 10000)
  --quiet                no live progress
  --help                 this text

Exit status: 0 the run finished (rejections included), 1 the target could not be reached at all,
2 usage error, 130 interrupted.
)";
}

Result<Options> parseOptions(std::span<const std::string_view> args) {
  Options options;
  bool rate_given = false;
  bool connections_given = false;

  // Options that take a value; each returns an error or applies the value.
  using Setter = std::function<Result<void>(std::string_view)>;
  const std::map<std::string_view, Setter> with_value = {
      {"--url",
       [&](std::string_view v) -> Result<void> {
         auto url = endpointUrl(v);
         if (!url) return tl::unexpected(url.error());
         options.url = std::move(*url);
         return {};
       }},
      {"--api-key",
       [&](std::string_view v) -> Result<void> {
         options.api_key = std::string(v);
         return {};
       }},
      {"--format",
       [&](std::string_view v) -> Result<void> {
         if (v == "json") {
           options.format = BodyFormat::kJson;
         } else if (v == "protobuf" || v == "proto") {
           options.format = BodyFormat::kProtobuf;
         } else {
           return usageError("--format wants json or protobuf, got '" + std::string(v) + "'");
         }
         return {};
       }},
      {"--batch",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--batch", v, 1, 100'000);
         if (!n) return tl::unexpected(n.error());
         options.batch = static_cast<std::size_t>(*n);
         return {};
       }},
      {"--rate",
       [&](std::string_view v) -> Result<void> {
         auto r = numberIn("--rate", v, 0, 10'000'000, /*low_exclusive=*/true);
         if (!r) return tl::unexpected(r.error());
         options.rate = *r;
         rate_given = true;
         return {};
       }},
      {"--connections",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--connections", v, 1, 10'000);
         if (!n) return tl::unexpected(n.error());
         options.connections = static_cast<std::size_t>(*n);
         connections_given = true;
         return {};
       }},
      {"--concurrency",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--concurrency", v, 1, 10'000);
         if (!n) return tl::unexpected(n.error());
         options.concurrency = static_cast<std::size_t>(*n);
         return {};
       }},
      {"--duration",
       [&](std::string_view v) -> Result<void> {
         auto s = numberIn("--duration", v, 0, 366.0 * 24 * 3600, /*low_exclusive=*/true);
         if (!s) return tl::unexpected(s.error());
         options.duration =
             std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(*s * 1e9)));
         return {};
       }},
      {"--count",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--count", v, 1, INT64_MAX);
         if (!n) return tl::unexpected(n.error());
         options.count = static_cast<std::uint64_t>(*n);
         return {};
       }},
      {"--seed",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--seed", v, 0, INT64_MAX);
         if (!n) return tl::unexpected(n.error());
         options.seed = static_cast<std::uint64_t>(*n);
         return {};
       }},
      {"--users",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--users", v, 1, 10'000'000);
         if (!n) return tl::unexpected(n.error());
         options.users = static_cast<std::size_t>(*n);
         return {};
       }},
      {"--zipf",
       [&](std::string_view v) -> Result<void> {
         auto s = numberIn("--zipf", v, 0, 10, /*low_exclusive=*/false);
         if (!s) return tl::unexpected(s.error());
         options.zipf_exponent = *s;
         return {};
       }},
      {"--session-events",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--session-events", v, 1, 100'000);
         if (!n) return tl::unexpected(n.error());
         options.mean_session_events = static_cast<std::uint32_t>(*n);
         return {};
       }},
      {"--timeout",
       [&](std::string_view v) -> Result<void> {
         auto n = intIn("--timeout", v, 1, 600'000);
         if (!n) return tl::unexpected(n.error());
         options.timeout = std::chrono::milliseconds(*n);
         return {};
       }},
      {"--report",
       [&](std::string_view v) -> Result<void> {
         if (v.empty()) return usageError("--report wants a file name");
         options.report_path = std::string(v);
         return {};
       }},
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (arg == "--quiet") {
      options.quiet = true;
      continue;
    }
    if (arg == "--event-ids") {
      options.event_ids = true;
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (const auto equals = arg.find('=');
        arg.starts_with("--") && equals != std::string_view::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    }
    const auto setter = with_value.find(name);
    if (setter == with_value.end()) {
      return usageError("unknown option '" + std::string(arg) + "' (see --help)");
    }
    if (!value) {
      if (i + 1 >= args.size()) return usageError(std::string(name) + " needs a value");
      value = args[++i];
    }
    if (auto applied = setter->second(*value); !applied) return tl::unexpected(applied.error());
  }

  if (options.concurrency > 0) {
    if (rate_given)
      return usageError("--rate (open loop) and --concurrency (closed loop) exclude each other");
    if (connections_given)
      return usageError("--connections is for open loop (--rate); closed loop uses --concurrency");
    options.mode = LoadMode::kClosedLoop;
  }
  if (options.duration && options.count) {
    return usageError("--duration and --count exclude each other");
  }
  if (!options.duration && !options.count) options.duration = std::chrono::seconds(10);
  return options;
}

}  // namespace tracker::loadgen
