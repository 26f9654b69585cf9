#include "http_server/request.h"

#include <gtest/gtest.h>

namespace tracker::http_server {
namespace {

TEST(SplitPath, KeepsEncodedSlashInsideSegment) {
  auto segments = splitPath("/subjects/google%2Fprotobuf%2Ftimestamp.proto/versions?x=1");
  ASSERT_TRUE(segments);
  EXPECT_EQ(*segments,
            (std::vector<std::string>{"subjects", "google/protobuf/timestamp.proto", "versions"}));
}

TEST(SplitPath, DropsEmptySegmentsAndFragment) {
  auto segments = splitPath("//a//b/#frag");
  ASSERT_TRUE(segments);
  EXPECT_EQ(*segments, (std::vector<std::string>{"a", "b"}));
  auto root = splitPath("/");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->empty());
}

TEST(SplitPath, PlusStaysPlusInPath) {
  auto segments = splitPath("/a+b%20c");
  ASSERT_TRUE(segments);
  EXPECT_EQ(segments->at(0), "a+b c");
}

TEST(SplitPath, RejectsBadEscapes) {
  EXPECT_FALSE(splitPath("/a%2"));
  EXPECT_FALSE(splitPath("/a%zz"));
  EXPECT_FALSE(splitPath("/a%"));
}

// Review L1: /api/events/abc%00zzz read "abc" through libpq; %FF failed deep inside.
TEST(SplitPath, RejectsNulAndInvalidUtf8ButKeepsUtf8) {
  EXPECT_FALSE(splitPath("/events/abc%00zzz"));
  EXPECT_FALSE(splitPath("/events/%FF"));
  EXPECT_FALSE(splitPath("/events/%C3"));  // a cut two-byte sequence
  EXPECT_FALSE(parseQuery("/x?q=a%00b"));
  auto ok = splitPath("/users/%C3%A9t%C3%A9");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->back(), "\xC3\xA9t\xC3\xA9");
}

TEST(ParseQuery, DecodesNamesAndValues) {
  auto query = parseQuery("/x?a=1&b&c=x%20y+z&&d=%3D#f=2");
  ASSERT_TRUE(query);
  EXPECT_EQ(*query, (Pairs{{"a", "1"}, {"b", ""}, {"c", "x y z"}, {"d", "="}}));
  auto none = parseQuery("/x");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(ParseBool, IsCaseInsensitive) {
  EXPECT_EQ(parseBool("True"), true);
  EXPECT_EQ(parseBool("FALSE"), false);
  EXPECT_EQ(parseBool("true"), true);
  EXPECT_EQ(parseBool("yes"), std::nullopt);
}

TEST(Request, QueryBoolDefaultsAndErrors) {
  auto request = makeRequest(Method::kGet, "/s?normalize=False&verbose=True&flag&bad=2", {}, "");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->queryBool("normalize", true).value(), false);
  EXPECT_EQ(request->queryBool("verbose", false).value(), true);
  EXPECT_EQ(request->queryBool("flag", false).value(), true);
  EXPECT_EQ(request->queryBool("absent", true).value(), true);
  EXPECT_FALSE(request->queryBool("bad", false));
}

TEST(Request, HeaderLookupIsCaseInsensitive) {
  auto request = makeRequest(Method::kPost, "/", {{"Content-Type", "application/json"}}, "{}");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->header("content-type"), "application/json");
  EXPECT_EQ(request->header("accept"), std::nullopt);
}

TEST(Method, ParsesKnownNames) {
  EXPECT_EQ(parseMethod("GET"), Method::kGet);
  EXPECT_EQ(parseMethod("DELETE"), Method::kDelete);
  EXPECT_EQ(parseMethod("get"), Method::kOther);
  EXPECT_EQ(methodName(Method::kPut), "PUT");
}

}  // namespace
}  // namespace tracker::http_server
