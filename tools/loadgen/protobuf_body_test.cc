#include "loadgen/protobuf_body.h"

#include "events/user_behavior_event_batch.pb.h"
#include "loadgen/event_generator.h"
#include "loadgen/request_source.h"

#include <gtest/gtest.h>

#include <vector>

namespace tracker::loadgen {
namespace {

Event sampleEvent() {
  Event event;
  event.event_type = "like";
  event.user_id = "user_3";
  event.target_user_id = "user_9";
  event.timestamp_ms = 1'700'000'000'000;
  event.device_type = "android";
  event.source_channel = "push_notification";
  event.extra_data = {{"post_id", "post_9_2"}, {"b", "2"}, {"a", "1"}};
  return event;
}

TEST(ProtobufBodyTest, SingleEventRoundTrips) {
  ::events::UserBehaviorEvent parsed;
  ASSERT_TRUE(parsed.ParseFromString(encodeProtobufEvent(sampleEvent())));
  EXPECT_EQ(parsed.event_type(), "like");
  EXPECT_EQ(parsed.user_id(), "user_3");
  EXPECT_EQ(parsed.target_user_id(), "user_9");
  EXPECT_EQ(parsed.timestamp(), 1'700'000'000'000);
  EXPECT_EQ(parsed.device_type(), "android");
  EXPECT_EQ(parsed.source_channel(), "push_notification");
  EXPECT_EQ(parsed.extra_data().at("post_id"), "post_9_2");
  EXPECT_EQ(parsed.extra_data().size(), 3u);
  EXPECT_TRUE(parsed.event_id().empty());
}

TEST(ProtobufBodyTest, BatchRoundTripsInOrder) {
  Event second = sampleEvent();
  second.user_id = "user_4";
  const std::vector<Event> events = {sampleEvent(), second};
  ::events::UserBehaviorEventBatch parsed;
  ASSERT_TRUE(parsed.ParseFromString(encodeProtobufBatch(events)));
  ASSERT_EQ(parsed.events_size(), 2);
  EXPECT_EQ(parsed.events(0).user_id(), "user_3");
  EXPECT_EQ(parsed.events(1).user_id(), "user_4");
}

TEST(ProtobufBodyTest, BytesAreRepeatable) {
  EXPECT_EQ(encodeProtobufEvent(sampleEvent()), encodeProtobufEvent(sampleEvent()));
}

TEST(RequestSourceTest, UrlAndContentTypeFollowFormatAndBatch) {
  EventGenerator generator(GeneratorOptions{.users = 10}, [] { return 1; });
  const RequestSource json(generator, BodyFormat::kJson, 10);
  EXPECT_EQ(json.contentType(), "application/json");
  EXPECT_EQ(json.url("http://h/api/events"), "http://h/api/events");
  const RequestSource single(generator, BodyFormat::kProtobuf, 1);
  EXPECT_EQ(single.contentType(), "application/x-protobuf");
  EXPECT_EQ(single.url("http://h/api/events"), "http://h/api/events");
  const RequestSource batch(generator, BodyFormat::kProtobuf, 5);
  EXPECT_EQ(batch.url("http://h/api/events"), "http://h/api/events");
  EXPECT_EQ(batch.contentType(),
            "application/x-protobuf; messageType=events.UserBehaviorEventBatch");
}

TEST(RequestSourceTest, LastBatchShrinksToTheRemainingCount) {
  EventGenerator generator(GeneratorOptions{.users = 10}, [] { return 1; });
  RequestSource source(generator, BodyFormat::kProtobuf, 5);
  EXPECT_EQ(source.next(UINT64_MAX).events, 5u);
  const RequestBody last = source.next(2);
  EXPECT_EQ(last.events, 2u);
  ::events::UserBehaviorEventBatch parsed;
  ASSERT_TRUE(parsed.ParseFromString(last.bytes));
  EXPECT_EQ(parsed.events_size(), 2);
}

}  // namespace
}  // namespace tracker::loadgen
