#include "read_api.h"

#include "errors.h"
#include "http_server/api_error.h"
#include "postgres/errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

using nlohmann::json;

StoredEvent sampleEvent() {
  StoredEvent event;
  event.event_id = "e-1";
  event.event_type = "follow";
  event.user_id = "u1";
  event.target_user_id = "u2";
  event.event_time_micros = 1'700'000'000'123'000;
  event.device_type = "ios";
  event.extra_data_json = R"({"a": "1"})";
  event.kafka_partition = 3;
  event.kafka_offset = 99;
  event.schema_id = 7;
  event.ingested_at_micros = 1'700'000'001'456'789;
  return event;
}

TEST(ReadApiTest, RendersAnEventWithNullsForAbsentFields) {
  EXPECT_EQ(json::parse(eventJson(sampleEvent())), json::parse(R"({
    "event_id": "e-1", "event_type": "follow", "user_id": "u1", "target_user_id": "u2",
    "timestamp": 1700000000123, "device_type": "ios", "source_channel": null,
    "extra_data": {"a": "1"}, "kafka": {"partition": 3, "offset": 99}, "schema_id": 7,
    "ingested_at": "2023-11-14T22:13:21.456Z"})"));
  // Fields keep the documented order.
  EXPECT_EQ(eventJson(sampleEvent()).substr(0, 35), R"({"event_id":"e-1","event_type":"fol)");
}

TEST(ReadApiTest, RendersAPageWithItsCursorOrNull) {
  UserEventsPage page;
  page.events = {sampleEvent()};
  EXPECT_EQ(json::parse(userEventsJson("u1", page))["next_cursor"], nullptr);
  page.next = PageCursor{sampleEvent().event_time_micros, "e-1"};
  const json body = json::parse(userEventsJson("u1", page));
  EXPECT_EQ(body["user_id"], "u1");
  ASSERT_EQ(body["events"].size(), 1u);
  EXPECT_EQ(body["events"][0]["event_id"], "e-1");
  EXPECT_EQ(decodeCursor(body["next_cursor"].get<std::string>()), page.next);
}

TEST(ReadApiTest, RendersSearchHits) {
  PostSearchResult result;
  result.total = 9;
  result.hits = {PostHit{"e-1", "post_created", "u1", 5, "p1", "T", std::nullopt, {"x"}, 0.25}};
  EXPECT_EQ(json::parse(postSearchJson(result)), json::parse(R"({"total": 9, "hits": [
    {"event_id": "e-1", "event_type": "post_created", "user_id": "u1", "timestamp": 5,
     "post_id": "p1", "title": "T", "content": null, "tags": ["x"], "score": 0.25}]})"));
}

TEST(ReadApiTest, MapsErrorsToStatusesAndCodes) {
  const std::tuple<std::string, int, std::string> cases[] = {
      {std::string(kInvalidParameter), 400, "invalid_parameter"},
      {std::string(postgres::errc::kUnavailable), 503, "postgres_unavailable"},
      {std::string(kPostgresNotConfigured), 503, "postgres_not_configured"},
      {"postgres.42P01", 500, "postgres_error"},
      {std::string(kSearchUnavailable), 503, "search_unavailable"},
      {std::string(kSearchNotConfigured), 503, "search_not_configured"},
      {"search.http_400", 502, "search_error"},
      {"other.thing", 500, "internal_error"},
  };
  for (const auto& [code, status, error_code] : cases) {
    const http_server::Response response = readErrorResponse({code, "why"});
    EXPECT_EQ(response.status, status) << code;
    EXPECT_EQ(json::parse(response.body)["error"]["code"], error_code) << code;
    EXPECT_EQ(json::parse(response.body)["error"]["message"].get<std::string>().empty(), false);
  }
  const auto outage = readErrorResponse({std::string(kSearchUnavailable), "down"});
  EXPECT_EQ(outage.headers, (http_server::Pairs{{"Retry-After", "5"}}));
}

// The routes, dispatched without a database or search engine behind them.
class ReadRoutesTest : public ::testing::Test {
 protected:
  ReadRoutesTest()
      : router_(http_server::errorResponse(routeNotFound()),
                http_server::errorResponse(methodNotAllowed())),
        reader_(""),
        search_(PostSearch::create("", "user-post-events").value()) {
    addReadRoutes(router_, reader_, *search_);
  }

  http_server::Response get(std::string target) {
    http_server::Response answer;
    router_.dispatch(
        http_server::makeRequest(http_server::Method::kGet, std::move(target), {}, "").value(),
        [&answer](http_server::Response response) { answer = std::move(response); });
    return answer;
  }

  static std::string errorCode(const http_server::Response& response) {
    return json::parse(response.body)["error"]["code"].get<std::string>();
  }

  http_server::Router router_;
  EventReader reader_;
  std::unique_ptr<PostSearch> search_;
};

TEST_F(ReadRoutesTest, BadParametersAreRefusedBeforeAnyBackendIsAsked) {
  auto response = get("/api/users/u1/events?limit=9999");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(errorCode(response), "invalid_parameter");
  EXPECT_EQ(json::parse(response.body)["error"]["message"].get<std::string>().substr(0, 6),
            "limit:");
  EXPECT_EQ(get("/api/posts/search?size=0").status, 400);
  EXPECT_EQ(get("/api/events/" + std::string(kMaxIdBytes + 1, 'e')).status, 400);
}

TEST_F(ReadRoutesTest, UnconfiguredBackendsAnswer503WithTheirCode) {
  EXPECT_EQ(errorCode(get("/api/events/e-1")), "postgres_not_configured");
  EXPECT_EQ(errorCode(get("/api/users/u1/events")), "postgres_not_configured");
  auto search = get("/api/posts/search?q=x");
  EXPECT_EQ(search.status, 503);
  EXPECT_EQ(errorCode(search), "search_not_configured");
}

}  // namespace
}  // namespace tracker::event_consumer
