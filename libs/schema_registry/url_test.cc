#include "schema_registry/url.h"

#include "schema_registry/errors.h"
#include "schema_registry/types.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry {
namespace {

TEST(PercentEncodeTest, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(percentEncode("events-value"), "events-value");
  EXPECT_EQ(percentEncode("A.z_0~-"), "A.z_0~-");
  EXPECT_EQ(percentEncode("google/protobuf/timestamp.proto"),
            "google%2Fprotobuf%2Ftimestamp.proto");
  EXPECT_EQ(percentEncode("a b+c%d?e#f&g=h"), "a%20b%2Bc%25d%3Fe%23f%26g%3Dh");
  EXPECT_EQ(percentEncode("é"), "%C3%A9");
  EXPECT_EQ(percentEncode(""), "");
}

TEST(NormalizeBaseUrlTest, StripsTrailingSlashesAndKeepsPrefix) {
  EXPECT_EQ(normalizeBaseUrl("http://127.0.0.1:8081").value(), "http://127.0.0.1:8081");
  EXPECT_EQ(normalizeBaseUrl("http://127.0.0.1:8081/").value(), "http://127.0.0.1:8081");
  EXPECT_EQ(normalizeBaseUrl("https://h:28081/apis/ccompat/v7//").value(),
            "https://h:28081/apis/ccompat/v7");
}

TEST(NormalizeBaseUrlTest, RejectsWhatCannotBeABase) {
  for (const char* url : {"", "127.0.0.1:8081", "ftp://h", "http://", "http:///x", "http://h/?a=1",
                          "http://h#frag"}) {
    auto result = normalizeBaseUrl(url);
    ASSERT_FALSE(result.has_value()) << url;
    EXPECT_EQ(result.error().code, errc::kInvalidArgument);
  }
}

TEST(BuildUrlTest, EncodesEachSegmentAndTheQuery) {
  EXPECT_EQ(buildUrl("http://h:8081", {"subjects", "google/protobuf/empty.proto", "versions"}),
            "http://h:8081/subjects/google%2Fprotobuf%2Fempty.proto/versions");
  EXPECT_EQ(buildUrl("http://h/apis/ccompat/v7", {"schemas", "ids", "7"},
                     {{"format", "serialized"}, {"subject", "a b"}}),
            "http://h/apis/ccompat/v7/schemas/ids/7?format=serialized&subject=a%20b");
  EXPECT_EQ(buildUrl("http://h", {"config"}), "http://h/config");
}

TEST(VersionSegmentTest, LatestIsSpelledOut) {
  EXPECT_EQ(versionSegment(kLatestVersion), "latest");
  EXPECT_EQ(versionSegment(3), "3");
}

}  // namespace
}  // namespace tracker::schema_registry
