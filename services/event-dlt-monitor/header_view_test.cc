#include "header_view.h"

#include <gtest/gtest.h>

namespace tracker::event_dlt_monitor {
namespace {

TEST(HeaderView, SpringBinaryHeadersAreNumbersTextIsTextBytesStayBase64) {
  const HeaderList headers = {{"kafka_dlt-original-partition", std::string("\0\0\0\3", 4)},
                              {"kafka_dlt-original-offset", std::string("\0\0\0\0\0\0\1\0", 8)},
                              {"x-tracker-stage", "decode"},
                              {"binary", std::string("\xff\xfe", 2)}};
  const nlohmann::json shown = headersForDisplay(headers);
  ASSERT_EQ(shown.size(), 4U);
  EXPECT_EQ(shown[0]["number"], 3);
  EXPECT_EQ(shown[1]["number"], 256);
  EXPECT_EQ(shown[2]["text"], "decode");
  EXPECT_FALSE(shown[3].contains("text"));
  EXPECT_EQ(shown[3]["value"], "//4=");
}

TEST(HeaderView, StorageRoundTripsBytesInOrder) {
  const HeaderList headers = {{"a", std::string("\0x", 2)}, {"a", "second"}, {"b", ""}};
  EXPECT_EQ(headersFromStorage(headersForStorage(headers)), headers);
  EXPECT_TRUE(headersFromStorage(nlohmann::json::parse(R"([{"name":1},{"name":"x"}])")).empty());
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
