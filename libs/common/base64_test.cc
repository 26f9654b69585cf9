#include "common/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tracker::common {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64Encode(plain), encoded);
    EXPECT_EQ(base64Decode(encoded), plain);
  }
}

TEST(Base64Test, BinaryRoundTripAndUnpaddedInput) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  EXPECT_EQ(base64Decode(base64Encode(bytes)), bytes);
  EXPECT_EQ(base64Decode("Zm8"), "fo");
}

// Was the schema registry's own base64 test, before it used this implementation.
TEST(Base64Test, RoundTripsShortAndBinaryStrings) {
  for (const std::string& text :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(base64Decode(base64Encode(text)), text);
  }
  EXPECT_FALSE(base64Decode("ab$c").has_value());
}

TEST(Base64Test, RejectsNonAlphabetAndBadLengths) {
  for (const char* text :
       {"Zm9v!", "Zm 9v", "syntax = \"proto3\";", "Z", "Zm9vY", "Zg=Z", "Zg==="}) {
    EXPECT_FALSE(base64Decode(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace tracker::common
