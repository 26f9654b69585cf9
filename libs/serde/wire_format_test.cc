// Every worked byte example of spec §2, both directions, plus the malformed cases.

#include "serde/wire_format.h"

#include "serde/errors.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

namespace tracker::serde {
namespace {

std::string bytesOf(std::initializer_list<int> values) {
  std::string out;
  for (const int value : values) out += static_cast<char>(value);
  return out;
}

const std::string kHiPayload = bytesOf({0x0a, 0x02, 0x68, 0x69});  // field 1 string "hi"
const std::string k150Payload = bytesOf({0x08, 0x96, 0x01});       // field 1 int32 150

struct Example {
  const char* name;
  std::int32_t id;
  std::vector<int> path;
  std::string payload;
  bool deprecated;
  std::string bytes;
};

const std::vector<Example>& examples() {
  static const std::vector<Example> kAll = {
      {"id 1, path [0]",
       1,
       {0},
       kHiPayload,
       false,
       bytesOf({0x00, 0x00, 0x00, 0x00, 0x01, 0x00}) + kHiPayload},
      {"id 1, path [0], deprecated",
       1,
       {0},
       kHiPayload,
       true,
       bytesOf({0x00, 0x00, 0x00, 0x00, 0x01, 0x00}) + kHiPayload},
      {"id 258, path [1]",
       258,
       {1},
       k150Payload,
       false,
       bytesOf({0x00, 0x00, 0x00, 0x01, 0x02, 0x02, 0x02}) + k150Payload},
      {"id 258, path [1], deprecated",
       258,
       {1},
       k150Payload,
       true,
       bytesOf({0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x01}) + k150Payload},
      {"id 7, path [0,1]",
       7,
       {0, 1},
       k150Payload,
       false,
       bytesOf({0x00, 0x00, 0x00, 0x00, 0x07, 0x04, 0x00, 0x02}) + k150Payload},
      {"id 7, path [0,1], deprecated",
       7,
       {0, 1},
       k150Payload,
       true,
       bytesOf({0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x00, 0x01}) + k150Payload},
      {"path [70]",
       3,
       {70},
       kHiPayload,
       false,
       bytesOf({0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x8c, 0x01}) + kHiPayload},
      {"path [70], deprecated",
       3,
       {70},
       kHiPayload,
       true,
       bytesOf({0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x46}) + kHiPayload},
  };
  return kAll;
}

TEST(WireFormatTest, EncodesEveryWorkedExample) {
  for (const Example& example : examples()) {
    EXPECT_EQ(encodeFrame(example.id, example.path, example.payload, example.deprecated),
              example.bytes)
        << example.name;
  }
}

TEST(WireFormatTest, DecodesEveryWorkedExample) {
  for (const Example& example : examples()) {
    auto frame = decodeFrame(example.bytes, example.deprecated);
    ASSERT_TRUE(frame.has_value()) << example.name << ": " << frame.error().toString();
    EXPECT_EQ(frame->schema_id, example.id) << example.name;
    EXPECT_EQ(frame->message_indexes, example.path) << example.name;
    EXPECT_EQ(frame->payload, example.payload) << example.name;
  }
}

TEST(WireFormatTest, AcceptsTheLongFormOfPathZero) {
  const std::string zigzag = bytesOf({0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00}) + kHiPayload;
  auto frame = decodeFrame(zigzag, false);
  ASSERT_TRUE(frame.has_value()) << frame.error().toString();
  EXPECT_EQ(frame->schema_id, 1);
  EXPECT_EQ(frame->message_indexes, std::vector<int>{0});
  EXPECT_EQ(frame->payload, kHiPayload);

  const std::string deprecated = bytesOf({0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00}) + kHiPayload;
  auto old_frame = decodeFrame(deprecated, true);
  ASSERT_TRUE(old_frame.has_value());
  EXPECT_EQ(old_frame->message_indexes, std::vector<int>{0});
  EXPECT_EQ(old_frame->payload, kHiPayload);
}

TEST(WireFormatTest, IndexArrayEncodings) {
  EXPECT_EQ(encodeMessageIndexes(std::vector<int>{0}, false), bytesOf({0x00}));
  EXPECT_EQ(encodeMessageIndexes(std::vector<int>{0, 0}, false), bytesOf({0x04, 0x00, 0x00}));
  EXPECT_EQ(encodeMessageIndexes(std::vector<int>{64}, false), bytesOf({0x02, 0x80, 0x01}));
  EXPECT_EQ(encodeMessageIndexes(std::vector<int>{300}, true), bytesOf({0x01, 0xac, 0x02}));
}

TEST(WireFormatTest, SchemaIdIsBigEndianOverFourBytes) {
  const std::vector<int> path{0};
  const std::string bytes = encodeFrame(0x01020304, path, "", false);
  auto frame = decodeFrame(bytes, false);  // The view points into `bytes`.
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->schema_id, 0x01020304);
  EXPECT_TRUE(frame->payload.empty());  // An all-default message encodes to nothing.
  EXPECT_EQ(bytes, bytesOf({0x00, 0x01, 0x02, 0x03, 0x04, 0x00}));
}

TEST(WireFormatTest, RejectsShortInput) {
  for (const std::string& bytes : {std::string(), bytesOf({0x00}), bytesOf({0, 0, 0, 0, 1})}) {
    auto frame = decodeFrame(bytes, false);
    ASSERT_FALSE(frame.has_value());
    EXPECT_EQ(frame.error().code, errc::kTooShort);
  }
}

TEST(WireFormatTest, RejectsBadMagic) {
  for (int magic : {0x01, 0x7b, 0xff}) {
    auto frame = decodeFrame(bytesOf({magic, 0, 0, 0, 1, 0}) + kHiPayload, false);
    ASSERT_FALSE(frame.has_value());
    EXPECT_EQ(frame.error().code, errc::kBadMagic);
  }
}

TEST(WireFormatTest, RejectsMalformedIndexArrays) {
  const std::string header = bytesOf({0x00, 0x00, 0x00, 0x00, 0x01});
  const struct {
    const char* name;
    std::string index_bytes;
    bool deprecated;
  } cases[] = {
      // "01 00" is the wrong [0] some write-ups show: under zig-zag 01 is count -1.
      {"negative count", bytesOf({0x01, 0x00}), false},
      {"truncated count varint", bytesOf({0x80}), false},
      {"count over the bound", bytesOf({0xca, 0x01}), false},       // zig-zag 101
      {"count over the bound, deprecated", bytesOf({0x65}), true},  // 101
      {"absurd count", bytesOf({0xfe, 0xff, 0xff, 0xff, 0x0f}), false},
      {"over-long varint", bytesOf({0x80, 0x80, 0x80, 0x80, 0x80, 0x01}), false},
      {"missing indexes", bytesOf({0x04, 0x00}), false},
      {"truncated index varint", bytesOf({0x02, 0x80}), false},
      {"negative index", bytesOf({0x02, 0x03}), false},
      {"deprecated value above int32", bytesOf({0x01, 0xff, 0xff, 0xff, 0xff, 0x0f}), true},
  };
  for (const auto& test_case : cases) {
    auto frame = decodeFrame(header + test_case.index_bytes, test_case.deprecated);
    ASSERT_FALSE(frame.has_value()) << test_case.name;
    EXPECT_EQ(frame.error().code, errc::kBadMessageIndexes) << test_case.name;
  }
}

TEST(WireFormatTest, LongestAllowedPathRoundTrips) {
  std::vector<int> path(kMaxMessageIndexes);
  for (int i = 0; i < kMaxMessageIndexes; ++i) path[i] = i * 1'000;
  for (bool deprecated : {false, true}) {
    const std::string bytes = encodeFrame(9, path, "x", deprecated);
    auto frame = decodeFrame(bytes, deprecated);
    ASSERT_TRUE(frame.has_value()) << frame.error().toString();
    EXPECT_EQ(frame->message_indexes, path);
    EXPECT_EQ(frame->payload, "x");
  }
}

}  // namespace
}  // namespace tracker::serde
