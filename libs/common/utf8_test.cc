#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::common {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  for (std::string_view text : std::initializer_list<std::string_view>{
           "", "plain ascii that is longer than eight bytes", "héllo wörld", "用户-7", "🙂 smile",
           "\x7F", "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF", std::string_view("a\0b", 3)}) {
    EXPECT_TRUE(isValidUtf8(text)) << text;
  }
}

TEST(Utf8Test, ReportsTheOffsetOfTheFirstBadByte) {
  struct Case {
    std::string_view text;
    std::size_t offset;
  };
  for (const Case& c : {Case{"\xFF", 0},                     // never valid
                        Case{"abc\x80", 3},                  // lone continuation
                        Case{"abcdefgh\xC0\xAF", 8},         // overlong '/'
                        Case{"\xE0\x80\xAF", 0},             // overlong 3-byte
                        Case{"ok\xED\xA0\x80", 2},           // UTF-16 surrogate D800
                        Case{"\xF4\x90\x80\x80", 0},         // above U+10FFFF
                        Case{"\xF0\x8F\xBF\xBF", 0},         // overlong 4-byte
                        Case{"x\xE7\x94", 1},                // truncated at the end
                        Case{"\xC3(", 0},                    // bad continuation
                        Case{"\xF8\x88\x80\x80\x80", 0}}) {  // 5-byte form
    ASSERT_EQ(findInvalidUtf8(c.text), c.offset) << testing::PrintToString(std::string(c.text));
  }
}

TEST(Utf8Test, PrefixNeverCutsASequence) {
  EXPECT_EQ(utf8Prefix("abc", 10), "abc");
  EXPECT_EQ(utf8Prefix("abcdef", 3), "abc");
  EXPECT_EQ(utf8Prefix("a用户", 2), "a");  // "用" is 3 bytes
  EXPECT_EQ(utf8Prefix("a用户", 4), "a用");
}

}  // namespace
}  // namespace tracker::common
