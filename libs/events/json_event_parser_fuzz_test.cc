// Hostile JSON bodies: every one must come back as an error value (a whole-body error or a
// rejected item), never as a crash, a sanitizer report or an escaping exception. Run under the
// asan preset too. The second test mutates a valid body at random (fixed seed) for coverage of
// inputs nobody thought of.

#include "events/errors.h"
#include "events/json_event_parser.h"
#include "events/testing/test_support.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tracker::events {
namespace {

using namespace std::string_literals;

struct BadBody {
  std::string name;
  std::string body;
};

std::string repeat(std::string_view piece, std::size_t times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

constexpr std::string_view kValid = R"({"event_type":"click","user_id":"u1"})";

std::vector<BadBody> badBodies() {
  const std::string head = R"({"event_type":"click","user_id":"u1",)";
  return {
      {"empty body", ""},
      {"whitespace only", " \n\t "},
      {"NUL byte only", "\0"s},
      {"NUL before the object", "\0{}"s},
      {"NUL after the object", std::string(kValid) + "\0"s},
      {"NUL inside a string", "{\"user_id\":\"a\0b\"}"s},
      {"escaped NUL in user_id", R"({"event_type":"click","user_id":"a\u0000b"})"},
      {"truncated object", R"({"event_type":"click","user_id":)"},
      {"truncated string", R"({"event_type":"cli)"},
      {"missing colon", R"({"event_type" "click"})"},
      {"trailing comma", R"({"event_type":"click",})"},
      {"single quotes", R"({'event_type':'click'})"},
      {"unquoted key", R"({event_type:"click"})"},
      {"bare word", "click"},
      {"two documents", std::string(kValid) + std::string(kValid)},
      {"array of numbers", "[1,2,3]"},
      {"array of arrays", "[[],[{}]]"},
      {"array of nulls", "[null]"},
      {"events is a number", R"({"events": 5})"},
      {"events is a string", R"({"events": "[]"})"},
      {"wrapper with extra key", R"({"events": [], "x": 1})"},
      {"user_id is a number", R"({"event_type":"click","user_id":5})"},
      {"user_id is an object", R"({"event_type":"click","user_id":{"id":"u"}})"},
      {"event_type is a boolean", R"({"event_type":true,"user_id":"u"})"},
      {"timestamp is a float", head + R"("timestamp":1.5})"},
      {"timestamp overflows int64", head + R"("timestamp":9223372036854775808})"},
      {"timestamp huge exponent", head + R"("timestamp":1e999999})"},
      {"timestamp negative overflow", head + R"("timestamp":-9223372036854775809})"},
      {"timestamp NaN", head + R"("timestamp":NaN})"},
      {"timestamp leading zero", head + R"("timestamp":0123})"},
      {"timestamp hex", head + R"("timestamp":0x10})"},
      {"extra_data value is a number", head + R"("extra_data":{"n":1}})"},
      {"extra_data is an array", head + R"("extra_data":["a"]})"},
      {"huge user_id", R"({"event_type":"click","user_id":")" + std::string(1 << 20, 'u') + "\"}"},
      {"huge extra_data value",
       head + R"("extra_data":{"c":")" + std::string(100'000, 'c') + "\"}}"},
      {"huge key", head + "\"" + std::string(100'000, 'k') + "\":\"v\"}"},
      {"deep arrays 10k", repeat("[", 10'000) + repeat("]", 10'000)},
      {"deep objects 10k", repeat(R"({"a":)", 10'000) + "1" + repeat("}", 10'000)},
      {"deep unclosed 10k", repeat("[", 10'000)},
      {"deep inside a field", head + R"("x":)" + repeat("[", 10'000) + repeat("]", 10'000) + "}"},
      {"invalid UTF-8 in a value", "{\"event_type\":\"click\",\"user_id\":\"\xff\xfe\"}"},
      {"invalid UTF-8 in a key", "{\"\xc3\x28\":\"v\"}"},
      {"overlong UTF-8", "{\"user_id\":\"\xc0\xaf\"}"},
      {"UTF-16 surrogate bytes", "{\"user_id\":\"\xed\xa0\x80\"}"},
      {"lone high surrogate escape", R"({"event_type":"click","user_id":"\ud800"})"},
      {"lone low surrogate escape", R"({"event_type":"click","user_id":"\udc00x"})"},
      {"bad escape", R"({"event_type":"click","user_id":"\x41"})"},
      {"short unicode escape", R"({"event_type":"click","user_id":"\u12"})"},
      {"raw newline in string", "{\"event_type\":\"click\",\"user_id\":\"a\nb\"}"},
      {"duplicate keys", R"({"event_type":"click","user_id":"a","user_id":"b"})"},
      {"unknown field", head + R"("password":"hunter2"})"},
      {"too many items", "[" + repeat(std::string(kValid) + ",", 600) + std::string(kValid) + "]"},
      {"unknown event type", R"({"event_type":"drop_table","user_id":"u"})"},
      {"control character in event_id",
       R"({"event_type":"click","user_id":"u","event_id":"a\tb"})"},
      {"BOM before the object", "\xef\xbb\xbf" + std::string(kValid)},
      {"true literal", "true"},
      {"bad literal", "[nul]"},
      {"comment", "/* hi */" + std::string(kValid)},
  };
}

// True when `result` carries an error: a whole-body error or at least one rejected item.
bool isError(const common::Result<ParsedBody>& result) {
  if (!result) return true;
  for (const IngestItem& item : result->items) {
    if (!item.accepted()) return true;
  }
  return false;
}

TEST(JsonEventParserFuzzTest, EveryBadBodyIsAnErrorValue) {
  TestIngest ingest;
  JsonEventParser parser(ingest.context);  // default limits: 4 MiB, 500 items, depth 16
  const std::vector<BadBody> corpus = badBodies();
  ASSERT_GE(corpus.size(), 30u);
  for (const BadBody& bad : corpus) {
    common::Result<ParsedBody> result;
    ASSERT_NO_THROW(result = parser.parse(bad.body)) << bad.name;
    EXPECT_TRUE(isError(result)) << bad.name;
    if (!result) {
      EXPECT_TRUE(result.error().code.starts_with("events.")) << bad.name;
      EXPECT_FALSE(result.error().message.empty()) << bad.name;
    }
  }
  // The parser is still usable after all of that.
  auto good = parser.parse(kValid);
  ASSERT_TRUE(good.has_value());
  EXPECT_TRUE(good->items.at(0).accepted());
}

TEST(JsonEventParserFuzzTest, SpecificBodiesFailTheWayTheApiPromises) {
  TestIngest ingest;
  JsonEventParser parser(ingest.context);
  const auto code = [&parser](const std::string& body) {
    auto result = parser.parse(body);
    return result ? "(parsed)" : result.error().code;
  };
  EXPECT_EQ(code(repeat("[", 10'000) + repeat("]", 10'000)), errc::kTooDeep);
  EXPECT_EQ(code(repeat("[", 10'000)), errc::kMalformedJson);  // unclosed: cannot be read at all
  EXPECT_EQ(code("[" + repeat(std::string(kValid) + ",", 600) + std::string(kValid) + "]"),
            errc::kTooManyItems);
  EXPECT_EQ(code(""), errc::kMalformedJson);
  EXPECT_EQ(code("\0"s), errc::kMalformedJson);
  EXPECT_EQ(code(R"({"events": 5})"), errc::kInvalidBodyShape);
  EXPECT_EQ(code(std::string(5 * 1024 * 1024, ' ')), errc::kBodyTooLarge);
}

TEST(JsonEventParserFuzzTest, RandomMutationsNeverCrash) {
  TestIngest ingest;
  JsonEventParser parser(ingest.context);
  const std::string seed_body =
      R"({"events":[{"event_id":"e1","event_type":"follow","user_id":"u1","target_user_id":"u2",)"
      R"("timestamp":1732599999000,"device_type":"ios","source_channel":"app",)"
      R"("extra_data":{"title":"h\u00e9llo","tags":"a,b"}},)"
      R"({"event_type":"click","user_id":"u\"2","timestamp":"1732599999001"}]})";
  const std::string alphabet = "{}[]\":,\\ntfu0123456789.-eE \x80\xff\xc3";
  std::mt19937 random(20241126);
  std::size_t accepted_bodies = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string body = seed_body;
    const int mutations = 1 + static_cast<int>(random() % 4);
    for (int m = 0; m < mutations && !body.empty(); ++m) {
      const std::size_t at = random() % body.size();
      switch (random() % 4) {
        case 0:
          body[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          body.erase(at, 1 + random() % 8);
          break;
        case 2:
          body.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          body.resize(at);
          break;
      }
    }
    common::Result<ParsedBody> result;
    ASSERT_NO_THROW(result = parser.parse(body)) << body;
    if (result && !isError(result)) ++accepted_bodies;
  }
  // Most mutations break something; a few keep the body valid (e.g. inside a string).
  EXPECT_LT(accepted_bodies, 20'000u);
}

}  // namespace
}  // namespace tracker::events
