#include "events/json_event_parser.h"

#include "events/errors.h"
#include "events/testing/test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace tracker::events {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;
using testing::SizeIs;

constexpr std::string_view kFollow = R"({
  "event_id": "client-1", "event_type": "follow", "user_id": "user-1",
  "target_user_id": "user-2", "timestamp": 1732599999000, "device_type": "ios",
  "source_channel": "app", "extra_data": {"title": "h\u00e9llo", "tags": "a,b"}
})";

class JsonEventParserTest : public testing::Test {
 protected:
  common::Result<ParsedBody> parse(std::string_view body) { return parser_.parse(body); }

  // Parses a body that must succeed as a whole, returning its items.
  std::vector<IngestItem> items(std::string_view body) {
    auto parsed = parse(body);
    EXPECT_TRUE(parsed.has_value()) << parsed.error().toString();
    return parsed ? std::move(parsed->items) : std::vector<IngestItem>{};
  }

  // The codes and fields of a single item's errors, as "code field".
  std::vector<std::string> errorsOf(std::string_view body) {
    auto list = items(body);
    EXPECT_THAT(list, SizeIs(1));
    std::vector<std::string> errors;
    if (list.size() == 1) {
      for (const FieldError& error : list[0].errors)
        errors.push_back(error.code + " " + error.field);
    }
    return errors;
  }

  // The whole-body error code of `body`.
  std::string bodyErrorOf(std::string_view body) {
    auto parsed = parse(body);
    return parsed ? "(parsed)" : parsed.error().code;
  }

  TestIngest ingest_;
  BodyLimits limits_{.max_body_bytes = 64 * 1024, .max_items = 5, .max_depth = 16};
  JsonEventParser parser_{ingest_.context, limits_};
};

TEST_F(JsonEventParserTest, ReadsEveryFieldOfASingleEvent) {
  auto parsed = parse(kFollow);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_FALSE(parsed->batch);
  ASSERT_THAT(parsed->items, SizeIs(1));
  const IngestItem& item = parsed->items[0];
  EXPECT_THAT(item.errors, IsEmpty());
  const auto& event = item.event;
  EXPECT_EQ(event.event_id(), "client-1");
  EXPECT_EQ(event.event_type(), "follow");
  EXPECT_EQ(event.user_id(), "user-1");
  EXPECT_EQ(event.target_user_id(), "user-2");
  EXPECT_EQ(event.timestamp(), 1732599999000);
  EXPECT_EQ(event.device_type(), "ios");
  EXPECT_EQ(event.source_channel(), "app");
  EXPECT_EQ(event.extra_data().at("title"), "héllo");
  EXPECT_EQ(event.extra_data().at("tags"), "a,b");
}

TEST_F(JsonEventParserTest, FillsDefaults) {
  auto list = items(R"({"event_type": "page_view", "user_id": "u1"})");
  ASSERT_THAT(list, SizeIs(1));
  EXPECT_TRUE(list[0].accepted());
  EXPECT_EQ(uuidV7TimestampMs(list[0].event.event_id()), kTestNowMs);
  EXPECT_EQ(list[0].event.timestamp(), kTestNowMs);
}

TEST_F(JsonEventParserTest, NullMeansAbsent) {
  auto list = items(R"({"event_id": null, "event_type": "page_view", "user_id": "u1",
                        "target_user_id": null, "timestamp": null, "extra_data": null})");
  ASSERT_THAT(list, SizeIs(1));
  EXPECT_TRUE(list[0].accepted());
  EXPECT_EQ(list[0].event.timestamp(), kTestNowMs);
  EXPECT_THAT(errorsOf(R"({"event_type": "page_view", "user_id": null})"),
              ElementsAre("missing_field user_id"));
}

TEST_F(JsonEventParserTest, AcceptsProto3JsonNames) {
  auto list = items(R"({"eventId": "e-1", "eventType": "follow", "userId": "u1",
                        "targetUserId": "u2", "timestamp": "1732599999000",
                        "deviceType": "web", "sourceChannel": "feed", "extraData": {"k": "v"}})");
  ASSERT_THAT(list, SizeIs(1));
  EXPECT_THAT(list[0].errors, IsEmpty());
  EXPECT_EQ(list[0].event.target_user_id(), "u2");
  EXPECT_EQ(list[0].event.timestamp(), 1732599999000);
  EXPECT_THAT(errorsOf(R"({"user_id": "a", "userId": "b", "event_type": "click"})"),
              ElementsAre("duplicate_field user_id"));
}

TEST_F(JsonEventParserTest, ArrayItemsAreIndependent) {
  auto parsed = parse(R"([
    {"event_type": "click", "user_id": "u1"},
    {"event_type": "click", "user_id": 42},
    "not an event",
    {"event_type": "nope", "user_id": "u3"},
    {"event_type": "logout", "user_id": "u4"}
  ])");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_TRUE(parsed->batch);
  ASSERT_THAT(parsed->items, SizeIs(5));
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(parsed->items[i].index, i);
  EXPECT_TRUE(parsed->items[0].accepted());
  EXPECT_EQ(parsed->items[1].errors.at(0).code, "wrong_type");
  EXPECT_EQ(parsed->items[1].errors.at(0).field, "user_id");
  EXPECT_EQ(parsed->items[2].errors.at(0).code, "wrong_type");
  EXPECT_EQ(parsed->items[2].errors.at(0).field, "");
  EXPECT_EQ(parsed->items[3].errors.at(0).code, "unknown_event_type");
  EXPECT_TRUE(parsed->items[4].accepted());
  // Ids are assigned in body order, so they sort like the items.
  EXPECT_LT(parsed->items[0].event.event_id(), parsed->items[4].event.event_id());
}

TEST_F(JsonEventParserTest, EventsWrapper) {
  auto parsed = parse(R"({"events": [{"event_type": "login", "user_id": "u1"}]})");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_TRUE(parsed->batch);
  ASSERT_THAT(parsed->items, SizeIs(1));
  EXPECT_TRUE(parsed->items[0].accepted());
  auto empty = parse(R"({"events": []})");
  ASSERT_TRUE(empty.has_value());
  EXPECT_THAT(empty->items, IsEmpty());
}

TEST_F(JsonEventParserTest, BodyShapeErrors) {
  EXPECT_EQ(bodyErrorOf("5"), errc::kInvalidBodyShape);
  EXPECT_EQ(bodyErrorOf(R"("event")"), errc::kInvalidBodyShape);
  EXPECT_EQ(bodyErrorOf("null"), errc::kInvalidBodyShape);
  EXPECT_EQ(bodyErrorOf(R"({"events": 5})"), errc::kInvalidBodyShape);
  EXPECT_EQ(bodyErrorOf(R"({"events": {}})"), errc::kInvalidBodyShape);
  EXPECT_EQ(bodyErrorOf(R"({"events": [], "meta": 1})"), errc::kInvalidBodyShape);
  EXPECT_EQ(bodyErrorOf(R"({"user_id": "u", "events": []})"), errc::kInvalidBodyShape);
}

TEST_F(JsonEventParserTest, TimestampForms) {
  auto at = [this](std::string_view timestamp) {
    const std::string body =
        R"({"event_type": "click", "user_id": "u", "timestamp": )" + std::string(timestamp) + "}";
    return errorsOf(body);
  };
  EXPECT_THAT(at("1732599999000"), IsEmpty());
  EXPECT_THAT(at(R"("1732599999000")"), IsEmpty());
  EXPECT_THAT(at("1732599999000.5"), ElementsAre("wrong_type timestamp"));
  EXPECT_THAT(at("1.7e12"), ElementsAre("wrong_type timestamp"));
  EXPECT_THAT(at("true"), ElementsAre("wrong_type timestamp"));
  EXPECT_THAT(at("[1]"), ElementsAre("wrong_type timestamp"));
  EXPECT_THAT(at(R"("soon")"), ElementsAre("bad_format timestamp"));
  EXPECT_THAT(at(R"(" 1732599999000")"), ElementsAre("bad_format timestamp"));
  EXPECT_THAT(at("99999999999999999999"), ElementsAre("timestamp_out_of_window timestamp"));
  EXPECT_THAT(at(R"("-99999999999999999999")"), ElementsAre("timestamp_out_of_window timestamp"));
  EXPECT_THAT(at("0"), ElementsAre("timestamp_out_of_window timestamp"));
  EXPECT_THAT(at("1e400"), ElementsAre("wrong_type timestamp"));
}

TEST_F(JsonEventParserTest, ExtraDataValuesMustBeStrings) {
  EXPECT_THAT(
      errorsOf(R"({"event_type": "click", "user_id": "u",
                           "extra_data": {"a": "ok", "n": 1, "b": true, "z": null, "o": {"x": "y"},
                                          "l": ["t"]}})"),
      ElementsAre("wrong_type extra_data.n", "wrong_type extra_data.b", "wrong_type extra_data.z",
                  "wrong_type extra_data.o", "wrong_type extra_data.l"));
  EXPECT_THAT(errorsOf(R"({"event_type": "click", "user_id": "u", "extra_data": "x"})"),
              ElementsAre("wrong_type extra_data"));
  EXPECT_THAT(errorsOf(R"({"event_type": "click", "user_id": "u",
                           "extra_data": {"k": "1", "k": "2"}})"),
              ElementsAre("duplicate_field extra_data.k"));
}

TEST_F(JsonEventParserTest, TooManyExtraEntriesIsOneError) {
  std::string body = R"({"event_type": "click", "user_id": "u", "extra_data": {)";
  for (int i = 0; i < 200; ++i) body += (i ? "," : "") + ("\"k" + std::to_string(i) + "\":\"v\"");
  body += "}}";
  EXPECT_THAT(errorsOf(body), ElementsAre("too_many_entries extra_data"));
}

TEST_F(JsonEventParserTest, UnknownAndRepeatedFields) {
  EXPECT_THAT(errorsOf(R"({"event_type": "click", "user_id": "u", "session": {"id": 1}})"),
              ElementsAre("unknown_field session"));
  EXPECT_THAT(errorsOf(R"({"event_type": "click", "user_id": "u", "user_id": "v"})"),
              ElementsAre("duplicate_field user_id"));
}

TEST_F(JsonEventParserTest, ValidationRunsOnEveryItem) {
  EXPECT_THAT(errorsOf(R"({"event_type": "follow", "user_id": "u\u0000"})"),
              ElementsAre("bad_format user_id", "missing_field target_user_id"));
  EXPECT_THAT(errorsOf(R"({"event_type": "Click", "user_id": "u", "event_id": "a b"})"),
              ElementsAre("bad_format event_id", "bad_format event_type"));
}

TEST_F(JsonEventParserTest, MalformedJsonNamesTheOffset) {
  auto parsed = parse(R"({"event_type": "click", "user_id": "u",})");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kMalformedJson);
  EXPECT_THAT(parsed.error().message, HasSubstr("at byte 39"));

  parsed = parse(R"([{"event_type": "click", "user_id": "u"}, {"user_id": tru}])");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message, HasSubstr("at byte 54"));

  parsed = parse("{\"user_id\": \"a\xff\"}");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message, HasSubstr("at byte 14: invalid UTF-8"));

  parsed = parse("{\"user_id\": \"a\nb\"}");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message, HasSubstr("at byte 14: unescaped control character"));

  parsed = parse(R"({"event_type": "click"} {"user_id": "u"})");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message, HasSubstr("at byte 24: unexpected content"));
}

TEST_F(JsonEventParserTest, UnreadValuesAreStillCheckedForSyntax) {
  EXPECT_EQ(bodyErrorOf(R"({"event_type": "click", "user_id": "u", "x": [1,,2]})"),
            errc::kMalformedJson);
  EXPECT_EQ(bodyErrorOf(R"({"event_type": "click", "user_id": ["a" "b"]})"), errc::kMalformedJson);
  EXPECT_EQ(bodyErrorOf(R"({"event_type": "click", "user_id": "u", "x": 01})"),
            errc::kMalformedJson);
  EXPECT_EQ(bodyErrorOf(R"({"event_type": "click", "user_id": "u", "x": "\q"})"),
            errc::kMalformedJson);
}

TEST_F(JsonEventParserTest, ItemLimitIsItsOwnError) {
  std::string body = "[";
  for (int i = 0; i < 5; ++i)
    body += std::string(i ? "," : "") + R"({"event_type":"click","user_id":"u"})";
  EXPECT_THAT(items(body + "]"), SizeIs(5));
  auto parsed = parse(body + R"(,{"event_type":"click","user_id":"u"}])");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, errc::kTooManyItems);
  EXPECT_THAT(parsed.error().message, HasSubstr("max_items = 5"));
}

TEST_F(JsonEventParserTest, DepthAndSizeLimits) {
  std::string deep = R"({"event_type": "click", "user_id": "u", "x": )";
  deep += std::string(20, '[') + std::string(20, ']') + "}";
  EXPECT_EQ(bodyErrorOf(deep), errc::kTooDeep);
  EXPECT_EQ(bodyErrorOf(std::string(64 * 1024 + 1, ' ')), errc::kBodyTooLarge);
}

TEST_F(JsonEventParserTest, ReusesItsBuffersAcrossBodies) {
  std::string big = "[";
  for (int i = 0; i < 5; ++i) {
    big += std::string(i ? "," : "") +
           R"({"event_type":"click","user_id":"u","extra_data":{"c":")" + std::string(4000, 'x') +
           "\"}}";
  }
  big += "]";
  EXPECT_THAT(items(big), SizeIs(5));
  EXPECT_THAT(items(R"({"event_type":"click","user_id":"small"})"), SizeIs(1));
  EXPECT_EQ(bodyErrorOf(""), errc::kMalformedJson);
  EXPECT_THAT(items(big), SizeIs(5));
}

}  // namespace
}  // namespace tracker::events
