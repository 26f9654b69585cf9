#include "common/json_string.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::common {
namespace {

std::string jsonString(std::string_view text) {
  std::string out;
  appendJsonString(out, text);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(jsonString("plain"), "\"plain\"");
  EXPECT_EQ(jsonString("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(jsonString("C:\\path"), R"("C:\\path")");
  EXPECT_EQ(jsonString("a\nb\rc\td"), R"("a\nb\rc\td")");
  EXPECT_EQ(jsonString(std::string_view("\x01\x1f\0", 3)), R"("\u0001\u001f\u0000")");
  EXPECT_EQ(jsonString(""), "\"\"");
}

TEST(JsonStringTest, PassesValidUtf8ThroughAndReplacesInvalidBytes) {
  EXPECT_EQ(jsonString("caf\xc3\xa9 \xf0\x9f\x9a\x80"), "\"caf\xc3\xa9 \xf0\x9f\x9a\x80\"");
  EXPECT_EQ(jsonString("tab\there \"q\" caf\xc3\xa9 \xc3"),
            "\"tab\\there \\\"q\\\" caf\xc3\xa9 \xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace tracker::common
