#include "time_text.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

constexpr std::int64_t kMay1Noon = 1'714'564'800'000'000;  // 2024-05-01T12:00:00Z in µs

TEST(TimeTextTest, EpochMillisecondsBecomeMicroseconds) {
  EXPECT_EQ(parseInstantMicros("1700000000123"), 1'700'000'000'123'000);
  EXPECT_EQ(parseInstantMicros("0"), 0);
  EXPECT_EQ(parseInstantMicros("-1000"), -1'000'000);
}

TEST(TimeTextTest, IsoDateAndTimeForms) {
  EXPECT_EQ(parseInstantMicros("2024-05-01T12:00:00Z"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01t12:00:00z"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01 12:00:00"), kMay1Noon);  // no zone: UTC
  EXPECT_EQ(parseInstantMicros("2024-05-01T12:00"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01"), kMay1Noon - 12LL * 3600 * 1'000'000);
  EXPECT_EQ(parseInstantMicros("2024-05-01T12:00:00.5Z"), kMay1Noon + 500'000);
  EXPECT_EQ(parseInstantMicros("2024-05-01T12:00:00,123456Z"), kMay1Noon + 123'456);
  EXPECT_EQ(parseInstantMicros("2024-05-01T12:00:00.1234569Z"), kMay1Noon + 123'456);  // truncated
}

TEST(TimeTextTest, IsoOffsetsIncludingAPlusThatArrivedAsASpace) {
  const std::int64_t two_hours = 2LL * 3600 * 1'000'000;
  EXPECT_EQ(parseInstantMicros("2024-05-01T14:00:00+02:00"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01T14:00:00+0200"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01T14:00:00+02"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01T14:00:00 02:00"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01T10:00:00-02:00"), kMay1Noon);
  EXPECT_EQ(parseInstantMicros("2024-05-01T12:00:00-02:30"), kMay1Noon + two_hours + 1'800'000'000);
}

TEST(TimeTextTest, RejectsMalformedOrImpossibleInstants) {
  for (const char* text :
       {"", "abc", "12ab", "1.5", "2024-13-01", "2024-02-30", "2023-02-29T00:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T12:60Z", "2024-05-01T12:00:60Z", "2024-05-01T12",
        "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00+2", "2024-05-01T12:00:00+24:00",
        "2024-05-01T12:00:00Zjunk", "2024-5-1", "0000-01-01", "99999999999999999999",
        "300000000000000"}) {
    EXPECT_EQ(parseInstantMicros(text), std::nullopt) << text;
  }
  EXPECT_TRUE(parseInstantMicros("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(parseInstantMicros("9999-12-31T23:59:59.999999Z"));
  EXPECT_TRUE(parseInstantMicros("0001-01-01T00:00:00Z"));
}

TEST(TimeTextTest, FormatsUtcAtMillisecondAndMicrosecondPrecision) {
  EXPECT_EQ(formatIsoMillis(kMay1Noon + 123'456), "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(formatIsoMicros(kMay1Noon + 123'456), "2024-05-01T12:00:00.123456Z");
  EXPECT_EQ(formatIsoMicros(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(formatIsoMicros(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(formatIsoMillis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(formatIsoMicros(kMinInstantMicros), "0001-01-01T00:00:00.000000Z");
  EXPECT_EQ(formatIsoMicros(kMaxInstantMicros), "9999-12-31T23:59:59.999999Z");
}

TEST(TimeTextTest, FormatThenParseIsTheIdentity) {
  for (std::int64_t micros :
       {kMay1Noon, kMay1Noon + 1, std::int64_t{-1}, std::int64_t{0}, std::int64_t{-86'400'000'001},
        kMinInstantMicros, kMaxInstantMicros}) {
    EXPECT_EQ(parseInstantMicros(formatIsoMicros(micros)), micros) << micros;
  }
}

TEST(TimeTextTest, MillisecondRoundingBothWaysAndBelowZero) {
  EXPECT_EQ(floorMillis(1'999), 1);
  EXPECT_EQ(ceilMillis(1'001), 2);
  EXPECT_EQ(ceilMillis(2'000), 2);
  EXPECT_EQ(floorMillis(-1), -1);
  EXPECT_EQ(ceilMillis(-1), 0);
  EXPECT_EQ(floorMillis(-1'000), -1);
}

}  // namespace
}  // namespace tracker::event_consumer
