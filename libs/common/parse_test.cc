#include "common/parse.h"

#include "common/errors.h"

#include <gtest/gtest.h>

namespace tracker::common {
namespace {

TEST(ParseInt64Test, AcceptsWholeNumbers) {
  EXPECT_EQ(parseInt64("0").value(), 0);
  EXPECT_EQ(parseInt64("-42").value(), -42);
  EXPECT_EQ(parseInt64("9223372036854775807").value(), INT64_MAX);
}

TEST(ParseInt64Test, RejectsPartialEmptyAndOverflow) {
  for (const char* text : {"", "10s", " 1", "1.5", "abc", "9223372036854775808"}) {
    auto result = parseInt64(text);
    ASSERT_FALSE(result.has_value()) << text;
    EXPECT_EQ(result.error().code, errc::kInvalidNumber);
  }
}

TEST(ParseDoubleTest, AcceptsDecimals) {
  EXPECT_DOUBLE_EQ(parseDouble("2.5").value(), 2.5);
  EXPECT_DOUBLE_EQ(parseDouble("100").value(), 100.0);
}

TEST(ParseDoubleTest, RejectsJunkAndNonFinite) {
  for (const char* text : {"", "2.5x", "inf", "nan"}) {
    EXPECT_FALSE(parseDouble(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace tracker::common
