// The generated classes serialize and parse the seed schema without loss, and the key's bytes are
// the plain Protobuf encoding other languages will produce for the same user.

#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

namespace tracker::proto {
namespace {

using google::protobuf::util::MessageDifferencer;

events::UserBehaviorEvent fullEvent() {
  events::UserBehaviorEvent event;
  event.set_event_id("0190a5a8-7c1e-7000-8000-000000000001");
  event.set_event_type("follow");
  event.set_user_id("user-1");
  event.set_target_user_id("user-2");
  event.set_timestamp(1'732'600'000'123);
  event.set_device_type("ios");
  event.set_source_channel("app");
  (*event.mutable_extra_data())["seq"] = "17";
  (*event.mutable_extra_data())["title"] = "héllo, wörld";
  return event;
}

TEST(EventsRoundtripTest, EventSurvivesSerializeAndParse) {
  const events::UserBehaviorEvent original = fullEvent();
  std::string bytes;
  ASSERT_TRUE(original.SerializeToString(&bytes));

  events::UserBehaviorEvent parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_TRUE(MessageDifferencer::Equals(original, parsed));
  EXPECT_EQ(parsed.timestamp(), 1'732'600'000'123);
  EXPECT_EQ(parsed.extra_data().at("seq"), "17");
  EXPECT_EQ(parsed.extra_data().at("title"), "héllo, wörld");
}

TEST(EventsRoundtripTest, EmptyEventIsZeroBytes) {
  // proto3 omits default values; an empty event is valid and parses back to defaults.
  events::UserBehaviorEvent empty;
  EXPECT_EQ(empty.SerializeAsString(), "");
  events::UserBehaviorEvent parsed;
  ASSERT_TRUE(parsed.ParseFromString(""));
  EXPECT_EQ(parsed.timestamp(), 0);
}

TEST(EventsRoundtripTest, KeySurvivesSerializeAndParse) {
  events::UserBehaviorKey key;
  key.set_user_id("user-42");
  std::string bytes;
  ASSERT_TRUE(key.SerializeToString(&bytes));

  events::UserBehaviorKey parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.user_id(), "user-42");
}

TEST(EventsRoundtripTest, KeyBytesAreTheStandardEncoding) {
  // Field 1, wire type 2 (tag 0x0a), length 2, "u1": any Protobuf implementation writes exactly
  // this, so murmur2 over the key bytes puts a user on the same partition from every language.
  events::UserBehaviorKey key;
  key.set_user_id("u1");
  EXPECT_EQ(key.SerializeAsString(), std::string("\x0a\x02u1", 4));
}

TEST(EventsRoundtripTest, GarbageDoesNotParse) {
  events::UserBehaviorEvent parsed;
  EXPECT_FALSE(parsed.ParseFromString(std::string("\xff\xff\xff", 3)));
}

}  // namespace
}  // namespace tracker::proto
