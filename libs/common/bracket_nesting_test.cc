#include "common/bracket_nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::common {
namespace {

TEST(BracketNesting, JsonCountsArraysAndObjectsOutsideStrings) {
  EXPECT_EQ(bracketNesting("", kJsonBrackets), 0);
  EXPECT_EQ(bracketNesting("42", kJsonBrackets), 0);
  EXPECT_EQ(bracketNesting(R"({"a":[1,{"b":[]}]})", kJsonBrackets), 4);
  EXPECT_EQ(bracketNesting(R"({"s":"[[[[{{{{","t":"\"[[["})", kJsonBrackets), 1);
  EXPECT_EQ(bracketNesting(R"(["'[["])", kJsonBrackets), 1);  // ' is no quote in JSON
  EXPECT_EQ(bracketNesting(std::string(100'000, '['), kJsonBrackets), 100'000);
}

TEST(BracketNesting, TextFormatCountsAllThreeKindsOutsideEitherQuote) {
  EXPECT_EQ(bracketNesting("a: 1", kTextFormatBrackets), 0);
  EXPECT_EQ(bracketNesting("{ a { b: 1 } c < d: 2 > }", kTextFormatBrackets), 2);
  EXPECT_EQ(bracketNesting("[x.y] { z: [1, 2] }", kTextFormatBrackets), 2);
  EXPECT_EQ(bracketNesting(R"(s: "{{{{" t: '<<<' u: "\"{{")", kTextFormatBrackets), 0);
  EXPECT_EQ(bracketNesting("} } { a }", kTextFormatBrackets), 1);  // stray closers stop at zero
}

}  // namespace
}  // namespace tracker::common
