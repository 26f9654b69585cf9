#include "events/protobuf_body_parser.h"

#include "events/errors.h"
#include "events/testing/test_support.h"
#include "events/user_behavior_event_batch.pb.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace tracker::events {
namespace {

using namespace std::string_literals;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::SizeIs;

::events::UserBehaviorEvent clickBy(const std::string& user_id) {
  ::events::UserBehaviorEvent event;
  event.set_event_type("click");
  event.set_user_id(user_id);
  return event;
}

std::vector<std::string> codesOf(const IngestItem& item) {
  std::vector<std::string> codes;
  for (const FieldError& error : item.errors) codes.push_back(error.code + " " + error.field);
  return codes;
}

class ProtobufBodyParserTest : public testing::Test {
 protected:
  common::Result<ParsedBody> parse(std::string_view bytes, bool is_batch) {
    return parseProtobufBody(bytes, is_batch, ingest_.context, limits_);
  }

  TestIngest ingest_;
  BodyLimits limits_{.max_body_bytes = 1024 * 1024, .max_items = 3, .max_depth = 16};
};

TEST_F(ProtobufBodyParserTest, ReadsASingleEventWithDefaults) {
  auto event = clickBy("u1");
  (*event.mutable_extra_data())["k"] = "v";
  auto parsed = parse(event.SerializeAsString(), false);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_FALSE(parsed->batch);
  ASSERT_THAT(parsed->items, SizeIs(1));
  const IngestItem& item = parsed->items[0];
  EXPECT_THAT(item.errors, IsEmpty());
  EXPECT_EQ(item.event.user_id(), "u1");
  EXPECT_EQ(item.event.extra_data().at("k"), "v");
  EXPECT_EQ(item.event.timestamp(), kTestNowMs);  // 0 on the wire = absent
  EXPECT_EQ(uuidV7TimestampMs(item.event.event_id()), kTestNowMs);
}

TEST_F(ProtobufBodyParserTest, BatchItemsAreIndependent) {
  ::events::UserBehaviorEventBatch batch;
  *batch.add_events() = clickBy("u1");
  auto invalid = clickBy("");
  invalid.set_event_type("Nope");
  *batch.add_events() = invalid;
  *batch.add_events() = clickBy("u3");
  auto parsed = parse(batch.SerializeAsString(), true);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_TRUE(parsed->batch);
  ASSERT_THAT(parsed->items, SizeIs(3));
  EXPECT_TRUE(parsed->items[0].accepted());
  EXPECT_THAT(codesOf(parsed->items[1]),
              ElementsAre("bad_format event_type", "missing_field user_id"));
  EXPECT_EQ(parsed->items[2].index, 2u);
  EXPECT_TRUE(parsed->items[2].accepted());
}

TEST_F(ProtobufBodyParserTest, InvalidUtf8RejectsTheItemOnly) {
  // Built by hand: the generated serializer refuses invalid UTF-8 in debug builds.
  const std::string bad_event =
      "\x12\x05"
      "click"
      "\x1a\x02"
      "\xff\xfe"s;  // user_id
  const std::string bad_value =
      "\x12\x05"
      "click"
      "\x1a\x01"
      "u"
      "\x42\x07"
      "\x0a\x01"
      "k"
      "\x12\x02"
      "\xc0\xaf"s;  // extra_data
  const std::string good = clickBy("u").SerializeAsString();
  std::string batch;
  for (const std::string* event : {&bad_event, &good, &bad_value}) {
    batch += "\x0a"s + static_cast<char>(event->size()) + *event;
  }
  auto parsed = parse(batch, true);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  ASSERT_THAT(parsed->items, SizeIs(3));
  EXPECT_THAT(codesOf(parsed->items[0]), ElementsAre("invalid_utf8 user_id"));
  EXPECT_TRUE(parsed->items[1].accepted());
  EXPECT_THAT(codesOf(parsed->items[2]), ElementsAre("invalid_utf8 extra_data.k"));
}

// Review H2: one error per unknown field, uncapped, made a 4 MiB body cost ~1 GB.
TEST_F(ProtobufBodyParserTest, HundredsOfThousandsOfUnknownFieldsGiveAtMostTheErrorCap) {
  std::string bytes = clickBy("u").SerializeAsString();
  for (int i = 0; i < 400'000; ++i) bytes += "\x48\x00"s;  // field 9, varint 0: 800 KB
  auto parsed = parse(bytes, false);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  ASSERT_THAT(parsed->items, SizeIs(1));
  EXPECT_FALSE(parsed->items[0].accepted());
  EXPECT_EQ(parsed->items[0].errors.size(), kMaxErrorsPerItem);
}

TEST_F(ProtobufBodyParserTest, UnknownFieldsAndWrongWireTypesAreRejected) {
  std::string bytes = clickBy("u").SerializeAsString() + "\x48\x01"s;  // field 9 varint
  auto parsed = parse(bytes, false);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_THAT(codesOf(parsed->items[0]), ElementsAre("unknown_field #9"));

  bytes = clickBy("u").SerializeAsString() +
          "\x2a\x01"
          "x"s;  // timestamp as bytes
  parsed = parse(bytes, false);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_THAT(codesOf(parsed->items[0]), ElementsAre("wrong_type timestamp"));
}

TEST_F(ProtobufBodyParserTest, MalformedBytes) {
  auto parsed = parse(
      "\x0a\x10"
      "short"s,
      false);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kMalformedProtobuf);

  parsed = parse(
      "\x0a\x10"
      "short"s,
      true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kMalformedProtobuf);
  EXPECT_THAT(parsed.error().message, HasSubstr("byte 0"));

  // A well-framed batch entry whose content is not an event rejects that item only.
  const std::string good = clickBy("u").SerializeAsString();
  const std::string batch = "\x0a\x02\x0a\x05"s + "\x0a"s + static_cast<char>(good.size()) + good;
  parsed = parse(batch, true);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  ASSERT_THAT(parsed->items, SizeIs(2));
  EXPECT_THAT(codesOf(parsed->items[0]), ElementsAre("bad_format "));
  EXPECT_TRUE(parsed->items[1].accepted());
}

TEST_F(ProtobufBodyParserTest, BatchLimitsAndShape) {
  ::events::UserBehaviorEventBatch batch;
  for (int i = 0; i < 4; ++i) *batch.add_events() = clickBy("u");
  auto parsed = parse(batch.SerializeAsString(), true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kTooManyItems);

  parsed = parse("\x10\x01"s, true);  // field 2 in a batch
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kInvalidBodyShape);

  limits_.max_body_bytes = 4;
  parsed = parse("12345", true);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kBodyTooLarge);
}

TEST_F(ProtobufBodyParserTest, TooManyExtraEntriesAreNotDecoded) {
  auto event = clickBy("u");
  for (int i = 0; i < 1000; ++i) (*event.mutable_extra_data())["k" + std::to_string(i)] = "v";
  auto parsed = parse(event.SerializeAsString(), false);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_THAT(codesOf(parsed->items[0]), ElementsAre("too_many_entries extra_data"));
  EXPECT_EQ(parsed->items[0].event.extra_data_size(), 0);
}

TEST_F(ProtobufBodyParserTest, EmptyBodies) {
  auto single = parse("", false);  // every field absent
  ASSERT_TRUE(single.has_value());
  EXPECT_THAT(codesOf(single->items[0]),
              ElementsAre("missing_field event_type", "missing_field user_id"));
  auto batch = parse("", true);
  ASSERT_TRUE(batch.has_value());
  EXPECT_THAT(batch->items, IsEmpty());
}

}  // namespace
}  // namespace tracker::events
