#include "loadgen/json_body.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace tracker::loadgen {
namespace {

Event sampleEvent() {
  Event event;
  event.event_type = "post_created";
  event.user_id = "user_7";
  event.timestamp_ms = 1'700'000'000'123;
  event.device_type = "ios";
  event.source_channel = "social";
  event.extra_data = {{"post_id", "post_7_0"},
                      {"title", "A \"quoted\" title"},
                      {"content", "Line one.\n\nLine two \\ end"},
                      {"tags", "travel,food"}};
  return event;
}

TEST(JsonBodyTest, EncodesOneEventAsAnObject) {
  const Event event = sampleEvent();
  const auto parsed = nlohmann::json::parse(encodeJsonBody({&event, 1}, /*as_array=*/false));
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["event_type"], "post_created");
  EXPECT_EQ(parsed["user_id"], "user_7");
  EXPECT_EQ(parsed["timestamp"], 1'700'000'000'123);
  EXPECT_EQ(parsed["device_type"], "ios");
  EXPECT_EQ(parsed["source_channel"], "social");
  EXPECT_EQ(parsed["extra_data"]["title"], "A \"quoted\" title");
  EXPECT_EQ(parsed["extra_data"]["content"], "Line one.\n\nLine two \\ end");
  EXPECT_EQ(parsed["extra_data"]["tags"], "travel,food");
  // Absent rather than empty: the service assigns event_id; no other user is involved.
  EXPECT_FALSE(parsed.contains("event_id"));
  EXPECT_FALSE(parsed.contains("target_user_id"));
}

TEST(JsonBodyTest, EncodesABatchAsAnArray) {
  Event follow;
  follow.event_id = "0190f4c2-0000-7000-8000-000000000001";
  follow.event_type = "follow";
  follow.user_id = "user_1";
  follow.target_user_id = "user_2";
  follow.device_type = "web";
  follow.source_channel = "direct";
  const std::vector<Event> events = {sampleEvent(), follow};
  const auto parsed = nlohmann::json::parse(encodeJsonBody(events, /*as_array=*/true));
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1]["event_id"], follow.event_id);
  EXPECT_EQ(parsed[1]["target_user_id"], "user_2");
  EXPECT_TRUE(parsed[1]["extra_data"].is_object());
  EXPECT_TRUE(parsed[1]["extra_data"].empty());
  // An array of one stays an array (a --count remainder of a batched run).
  const auto single = nlohmann::json::parse(encodeJsonBody({&follow, 1}, /*as_array=*/true));
  EXPECT_TRUE(single.is_array());
}

}  // namespace
}  // namespace tracker::loadgen
