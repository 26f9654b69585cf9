// json-parse-bench: how many events per second one core turns from a JSON request body into
// validated UserBehaviorEvents (tracker::events::JsonEventParser: simdjson On-Demand, mapping,
// defaults, UUIDv7, validation). The body is a realistic 100-event batch; the reference measured
// in the same run is nlohmann::json::parse of the same bytes (parsing only, no mapping or
// validation), so the ratio is stable across machines where absolute numbers are not.
//
// Usage: json-parse-bench [seconds per measurement, default 2]

#include "events/json_event_parser.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using tracker::events::BodyLimits;
using tracker::events::Catalogue;
using tracker::events::IngestContext;
using tracker::events::JsonEventParser;
using tracker::events::UuidV7Generator;
using tracker::events::ValidationLimits;

constexpr int kEventsPerBody = 100;

// A mix like the load generator's: mostly views and clicks, some social actions, a few posts
// with content; half of the events carry their own event_id, all carry a timestamp.
std::string makeBody(std::int64_t now_ms) {
  constexpr const char* kTypes[] = {"page_view", "page_view",   "page_view", "click",
                                    "click",     "search",      "like",      "comment",
                                    "follow",    "post_created"};
  std::string body = "{\"events\":[";
  for (int i = 0; i < kEventsPerBody; ++i) {
    const std::string type = kTypes[i % 10];
    if (i > 0) body += ',';
    body += "{";
    if (i % 2 == 0) body += "\"event_id\":\"client-" + std::to_string(1'000'000 + i) + "\",";
    body += "\"event_type\":\"" + type + "\",\"user_id\":\"user-" +
            std::to_string(i * 7919 % 5000) + "\",";
    if (type == "follow" || type == "like") {
      body += "\"target_user_id\":\"user-" + std::to_string(i * 31 % 5000) + "\",";
    }
    body += "\"timestamp\":" + std::to_string(now_ms - 1000 + i) +
            ",\"device_type\":\"android\",\"source_channel\":\"feed\",\"extra_data\":{";
    if (type == "post_created") {
      body += "\"post_id\":\"post-" + std::to_string(i) +
              "\",\"title\":\"Weekend hike to the lake\",\"content\":\"" + std::string(400, 'x') +
              "\",\"tags\":\"outdoor,hiking,lake\"";
    } else if (type == "search") {
      body += "\"query\":\"caf\\u00e9 near me\",\"results\":\"17\"";
    } else {
      body += "\"page\":\"/feed\",\"session_id\":\"s-" + std::to_string(i / 10) + "\"";
    }
    body += "}}";
  }
  body += "]}";
  return body;
}

// Runs `parse_once` for about `seconds`; returns bodies per second.
template <typename Function>
double bodiesPerSecond(double seconds, Function&& parse_once) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 50; ++i) parse_once();  // warm caches, grow buffers
  long long bodies = 0;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    for (int i = 0; i < 100; ++i) parse_once();
    bodies += 100;
  }
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  return static_cast<double>(bodies) / elapsed.count();
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  if (seconds <= 0) {
    std::fprintf(stderr, "usage: json-parse-bench [seconds > 0]\n");
    return 2;
  }
  Catalogue catalogue;
  UuidV7Generator ids;
  IngestContext context{catalogue, ValidationLimits{}, ids, tracker::events::systemNowMs};
  JsonEventParser parser(context, BodyLimits{});
  const std::string body = makeBody(tracker::events::systemNowMs());

  // Sanity: every event of the body is accepted, or the measurement would be of error paths.
  auto parsed = parser.parse(body);
  if (!parsed || parsed->items.size() != kEventsPerBody) {
    std::fprintf(stderr, "benchmark body did not parse: %s\n",
                 parsed ? "wrong item count" : parsed.error().toString().c_str());
    return 1;
  }
  for (const auto& item : parsed->items) {
    if (!item.accepted()) {
      std::fprintf(stderr, "item %zu rejected: %s\n", item.index, item.errors[0].message.c_str());
      return 1;
    }
  }

  std::size_t sink = 0;  // keeps the compiler from dropping the work
  const double ours = bodiesPerSecond(seconds, [&] {
    auto result = parser.parse(body);
    sink += result->items.size();
  });
  const double reference = bodiesPerSecond(seconds, [&] {
    nlohmann::json document = nlohmann::json::parse(body);
    sink += document["events"].size();
  });

  const double mb = static_cast<double>(body.size()) / 1e6;
  std::printf("body: %d events, %zu bytes (%.0f bytes/event)\n", kEventsPerBody, body.size(),
              static_cast<double>(body.size()) / kEventsPerBody);
  std::printf("%-58s %12.0f events/s  %7.1f MB/s  %6.2f us/event\n",
              "JsonEventParser (parse + map + defaults + validate)", ours * kEventsPerBody,
              ours * mb, 1e6 / (ours * kEventsPerBody));
  std::printf("%-58s %12.0f events/s  %7.1f MB/s  %6.2f us/event\n",
              "reference: nlohmann::json::parse (parse only)", reference * kEventsPerBody,
              reference * mb, 1e6 / (reference * kEventsPerBody));
  std::printf("ratio JsonEventParser / nlohmann parse-only: %.2fx\n", ours / reference);
  return sink == 0 ? 1 : 0;
}
