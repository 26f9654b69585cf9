#include "events/protobuf_wire.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::events {
namespace {

using namespace std::string_literals;

TEST(WireReaderTest, ReadsEachWireType) {
  // field 1 "ab", field 5 varint 300, field 6 fixed64, field 7 fixed32
  const std::string bytes =
      "\x0a\x02"
      "ab"
      "\x28\xac\x02"
      "\x31"
      "12345678"
      "\x3d"
      "1234"s;
  WireReader reader(bytes);
  WireField field;
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.number, 1u);
  EXPECT_EQ(field.type, WireType::kLengthDelimited);
  EXPECT_EQ(field.payload, "ab");
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.number, 5u);
  EXPECT_EQ(field.type, WireType::kVarint);
  EXPECT_EQ(field.varint, 300u);
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.type, WireType::kFixed64);
  EXPECT_EQ(field.payload, "12345678");
  ASSERT_TRUE(reader.next(field));
  EXPECT_EQ(field.type, WireType::kFixed32);
  EXPECT_TRUE(reader.atEnd());
}

TEST(WireReaderTest, RejectsMalformedFields) {
  for (const std::string& bytes :
       {"\x0a\x05"
        "ab"s,                                            // payload past the end
        "\x08"s,                                          // varint missing
        "\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"s,  // varint over 64 bits
        "\x00\x01"s,                                      // field number 0
        "\x0b"s,                                          // start group
        "\x0e"s,                                          // wire type 6
        "\x0a\xff\xff\xff\xff\x0f"s}) {                   // length 4 GiB
    WireReader reader(bytes);
    WireField field;
    EXPECT_FALSE(reader.next(field)) << testing::PrintToString(bytes);
  }
}

TEST(WireReaderTest, EmptyInputIsAtEnd) {
  WireReader reader("");
  EXPECT_TRUE(reader.atEnd());
}

}  // namespace
}  // namespace tracker::events
