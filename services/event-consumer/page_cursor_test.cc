#include "page_cursor.h"

#include "time_text.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

TEST(PageCursorTest, RoundTripsAndIsUrlSafe) {
  for (const PageCursor& cursor :
       {PageCursor{1'714'564'800'123'456, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"},
        PageCursor{-5, "x"}, PageCursor{0, "id:with:colons/and?query&chars=\xff\xfe"},
        PageCursor{kMaxInstantMicros, std::string(128, 'z')}}) {
    const std::string token = encodeCursor(cursor);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    EXPECT_LE(token.size(), kMaxCursorChars);
    EXPECT_EQ(decodeCursor(token), cursor);
  }
}

TEST(PageCursorTest, RejectsTokensItCouldNotHaveWritten) {
  const std::string good = encodeCursor({42, "e-1"});
  for (const std::string& token :
       {std::string(), std::string("!!!"), good + "=", std::string("a+b/"),
        std::string(kMaxCursorChars + 1, 'A'),
        // base64url of "2:42:e-1" (unknown version), "1:4x2:e-1", "1:42:" and "1:42"
        std::string("Mjo0MjplLTE"), std::string("MTo0eDI6ZS0x"), std::string("MTo0Mjo"),
        std::string("MTo0Mg")}) {
    EXPECT_EQ(decodeCursor(token), std::nullopt) << token;
  }
  // Out of the instant range.
  EXPECT_EQ(decodeCursor(encodeCursor({kMaxInstantMicros + 1, "e"})), std::nullopt);
}

}  // namespace
}  // namespace tracker::event_consumer
