#include "events/json_syntax.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::events {
namespace {

TEST(JsonSyntaxTest, ClassifiesNumbersByRfc8259) {
  for (std::string_view integer :
       {"0", "-0", "7", "1732600000123", "-12", "99999999999999999999", "5 ", "5\n"}) {
    EXPECT_EQ(classifyJsonNumber(integer), JsonNumberKind::kInteger) << integer;
  }
  for (std::string_view decimal : {"1.5", "-0.0", "1e3", "1E+3", "2e-7", "1e400", "1.0"}) {
    EXPECT_EQ(classifyJsonNumber(decimal), JsonNumberKind::kDecimal) << decimal;
  }
  for (std::string_view invalid : {"", "-", "01", "+1", ".5", "1.", "1e", "1e+", "12abc", "0x10",
                                   "NaN", "Infinity", "- 1", "1 2"}) {
    EXPECT_EQ(classifyJsonNumber(invalid), JsonNumberKind::kInvalid) << invalid;
  }
}

TEST(JsonSyntaxTest, FindsRawControlCharactersOnlyInsideStrings) {
  EXPECT_EQ(findUnescapedControlCharacter("{\n\"a\":\t1}"), std::nullopt);    // whitespace
  EXPECT_EQ(findUnescapedControlCharacter(R"({"a":"x\ny"})"), std::nullopt);  // escaped
  EXPECT_EQ(findUnescapedControlCharacter("{\"a\":\"x\ny\"}"), 7u);
  EXPECT_EQ(findUnescapedControlCharacter(std::string("[\"\\\"\0\"]", 6)), 4u);
}

}  // namespace
}  // namespace tracker::events
