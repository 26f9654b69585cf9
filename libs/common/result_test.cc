#include "common/result.h"

#include <gtest/gtest.h>

namespace tracker::common {
namespace {

Result<int> half(int value) {
  if (value % 2 != 0) return makeError("test.odd", std::to_string(value) + " is odd");
  return value / 2;
}

TEST(ResultTest, CarriesValue) {
  auto result = half(8);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 4);
}

TEST(ResultTest, CarriesCodeAndMessage) {
  auto result = half(3);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "test.odd");
  EXPECT_EQ(result.error().message, "3 is odd");
  EXPECT_EQ(result.error().toString(), "test.odd: 3 is odd");
}

TEST(ResultTest, ComposesWithAndThen) {
  auto quarter = half(8).and_then(half);
  ASSERT_TRUE(quarter.has_value());
  EXPECT_EQ(*quarter, 2);
  EXPECT_EQ(half(6).and_then(half).error(), (Error{"test.odd", "3 is odd"}));
}

TEST(ResultTest, VoidResult) {
  Result<void> ok;
  EXPECT_TRUE(ok.has_value());
  Result<void> failed = makeError("test.failed", "no");
  EXPECT_FALSE(failed.has_value());
}

}  // namespace
}  // namespace tracker::common
