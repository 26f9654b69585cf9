#include "common/text.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace tracker::common {
namespace {

using Items = std::vector<std::string_view>;

TEST(Trim, RemovesSpacesTabsAndLineEndsAtBothEnds) {
  EXPECT_EQ(trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(trim("x"), "x");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(SplitList, KeepsTrimmedNonEmptyItems) {
  EXPECT_EQ(splitList("a, b ,,c,"), (Items{"a", "b", "c"}));
  EXPECT_EQ(splitList(" only "), (Items{"only"}));
  EXPECT_EQ(splitList(""), Items{});
  EXPECT_EQ(splitList(" , ,"), Items{});
}

TEST(SplitList, TakesAnotherSeparator) {
  EXPECT_EQ(splitList("postgres+search", '+'), (Items{"postgres", "search"}));
}

}  // namespace
}  // namespace tracker::common
