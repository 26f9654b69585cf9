#include "loadgen/http_driver.h"

#include "http/testing/scripted_server.h"
#include "loadgen/event_generator.h"
#include "loadgen/request_source.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <string>

namespace tracker::loadgen {
namespace {

using http::testing::RecordedRequest;
using http::testing::ScriptedResponse;
using http::testing::ScriptedServer;

std::string header(const RecordedRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return "";
}

struct RunOutcome {
  DriverResult result;
  RunStats stats;
};

RunOutcome runAgainst(const std::string& url, DriverOptions options, BodyFormat format,
                      std::size_t batch) {
  EventGenerator generator(GeneratorOptions{.seed = 1, .users = 100}, systemNowMs);
  RequestSource source(generator, format, batch);
  options.url = source.url(url);
  options.content_type = std::string(source.contentType());
  options.batch = batch > 1;
  auto driver = HttpDriver::create(options);
  EXPECT_TRUE(driver);
  RunOutcome run;
  const std::atomic<bool> stop{false};
  run.result = (*driver)->run([&](std::uint64_t remaining) { return source.next(remaining); },
                              run.stats, nullptr, stop);
  return run;
}

// The scripted server serves one connection at a time, so these runs use one slot.
TEST(HttpDriverTest, ClosedLoopSendsExactlyTheCountOverOneKeptAliveConnection) {
  ScriptedServer server([](const RecordedRequest&) {
    return ScriptedResponse{.status = 201, .body = R"({"event_id":"e","partition":0,"offset":1})"};
  });
  const RunOutcome run = runAgainst(
      server.baseUrl() + "/api/events",
      DriverOptions{
          .api_key = "secret", .mode = LoadMode::kClosedLoop, .slots = 1, .event_count = 25},
      BodyFormat::kJson, 1);
  EXPECT_FALSE(run.result.unreachable);
  EXPECT_EQ(run.stats.totals().requests_sent, 25u);
  EXPECT_EQ(run.stats.totals().events_accepted, 25u);
  EXPECT_EQ(run.stats.statuses().at(201), 25u);
  EXPECT_EQ(run.stats.latencyUs().count(), 25u);

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 25u);
  for (const auto& request : requests) {
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/api/events");
    EXPECT_EQ(request.connection, 1) << "keep-alive: one connection for the whole run";
    EXPECT_EQ(header(request, "Content-Type"), "application/json");
    EXPECT_EQ(header(request, "X-API-Key"), "secret");
    const auto body = nlohmann::json::parse(request.body);
    EXPECT_TRUE(body.is_object());
    EXPECT_TRUE(body.contains("event_type"));
  }
}

TEST(HttpDriverTest, OpenLoopFollowsTheTimetableAndCountsBatchRejections) {
  ScriptedServer server([](const RecordedRequest&) {
    return ScriptedResponse{
        .status = 200,
        .body = R"({"accepted":9,"rejected":1,"results":[{"index":0,"status":"rejected",)"
                R"("errors":[{"code":"too_long"}]}]})"};
  });
  // 10 requests of 10 events at 200 requests/s: the timetable takes 45 ms.
  const RunOutcome run = runAgainst(
      server.baseUrl() + "/api/events",
      DriverOptions{
          .mode = LoadMode::kOpenLoop, .requests_per_second = 200, .slots = 1, .event_count = 100},
      BodyFormat::kProtobuf, 10);
  EXPECT_EQ(run.stats.totals().requests_sent, 10u);
  EXPECT_EQ(run.stats.totals().events_sent, 100u);
  EXPECT_EQ(run.stats.totals().events_accepted, 90u);
  EXPECT_EQ(run.stats.rejectedByCode().at("too_long"), 10u);
  EXPECT_GE(run.result.elapsed, std::chrono::milliseconds(45));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 10u);
  EXPECT_EQ(requests[0].target, "/api/events");
  EXPECT_EQ(header(requests[0], "Content-Type"),
            "application/x-protobuf; messageType=events.UserBehaviorEventBatch");
}

TEST(HttpDriverTest, RefusedRequestsAreRejectionsNotTransportErrors) {
  ScriptedServer server([](const RecordedRequest&) {
    return ScriptedResponse{.status = 503,
                            .body = R"({"error":{"code":"kafka_unavailable","message":"down"}})",
                            .headers = {{"Retry-After", "1"}}};
  });
  const RunOutcome run =
      runAgainst(server.baseUrl() + "/api/events",
                 DriverOptions{.mode = LoadMode::kClosedLoop, .slots = 1, .event_count = 5},
                 BodyFormat::kJson, 1);
  EXPECT_FALSE(run.result.unreachable);
  EXPECT_EQ(run.stats.totals().events_rejected, 5u);
  EXPECT_EQ(run.stats.totals().transport_errors, 0u);
  EXPECT_EQ(run.stats.rejectedByCode().at("http_503:kafka_unavailable"), 5u);
}

TEST(HttpDriverTest, UnreachableTargetStopsTheRunEarly) {
  std::string url;
  {
    // A port that was just free: nothing listens there any more.
    ScriptedServer server([](const RecordedRequest&) { return ScriptedResponse{}; });
    url = server.baseUrl() + "/api/events";
  }
  const RunOutcome run = runAgainst(
      url,
      DriverOptions{
          .mode = LoadMode::kClosedLoop, .slots = 4, .duration = std::chrono::seconds(30)},
      BodyFormat::kJson, 1);
  EXPECT_TRUE(run.result.unreachable);
  EXPECT_LT(run.result.elapsed, std::chrono::seconds(5));
  EXPECT_EQ(run.stats.totals().responses, 0u);
  EXPECT_GE(run.stats.transportErrors().at("connect_failed"), 3u);
  EXPECT_FALSE(run.stats.firstTransportError().empty());
}

TEST(HttpDriverTest, StopFlagEndsADurationRun) {
  ScriptedServer server([](const RecordedRequest&) { return ScriptedResponse{.status = 201}; });
  EventGenerator generator(GeneratorOptions{.users = 10}, systemNowMs);
  RequestSource source(generator, BodyFormat::kJson, 1);
  auto driver = HttpDriver::create(DriverOptions{.url = server.baseUrl() + "/api/events",
                                                 .content_type = "application/json",
                                                 .mode = LoadMode::kOpenLoop,
                                                 .requests_per_second = 100,
                                                 .slots = 1,
                                                 .duration = std::chrono::seconds(60)});
  ASSERT_TRUE(driver);
  RunStats stats;
  std::atomic<bool> stop{false};
  int ticks = 0;
  const DriverResult result =
      (*driver)->run([&](std::uint64_t remaining) { return source.next(remaining); }, stats,
                     [&](const DriverTick&) {
                       if (++ticks == 1) stop = true;
                     },
                     stop);
  EXPECT_TRUE(result.interrupted);
  EXPECT_LT(result.elapsed, std::chrono::seconds(5));
  EXPECT_GT(stats.totals().events_accepted, 50u);
}

}  // namespace
}  // namespace tracker::loadgen
