#include "loadgen/histogram.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace tracker::loadgen {
namespace {

TEST(HistogramTest, EmptyHistogramReportsZeros) {
  const Histogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.percentile(50), 0u);
  EXPECT_EQ(histogram.max(), 0u);
  EXPECT_EQ(histogram.min(), 0u);
  EXPECT_EQ(histogram.mean(), 0.0);
}

TEST(HistogramTest, SmallValuesAreExact) {
  Histogram histogram;
  for (std::uint64_t v = 1; v <= 100; ++v) histogram.record(v);
  EXPECT_EQ(histogram.percentile(50), 50u);
  EXPECT_EQ(histogram.percentile(99), 99u);
  EXPECT_EQ(histogram.percentile(100), 100u);
  EXPECT_EQ(histogram.percentile(0), 1u);
  EXPECT_EQ(histogram.min(), 1u);
  EXPECT_EQ(histogram.max(), 100u);
  EXPECT_DOUBLE_EQ(histogram.mean(), 50.5);
}

TEST(HistogramTest, LargeValuesWithinOnePercent) {
  Histogram histogram;
  for (std::uint64_t v = 1; v <= 1'000'000; ++v) histogram.record(v);
  for (double p : {50.0, 90.0, 95.0, 99.0, 99.9}) {
    const double exact = p / 100.0 * 1'000'000;
    const double reported = static_cast<double>(histogram.percentile(p));
    EXPECT_GE(reported, exact) << p;  // The bucket's highest value: never an underestimate.
    EXPECT_LE(reported, exact * 1.01) << p;
  }
  EXPECT_EQ(histogram.percentile(100), 1'000'000u);
}

TEST(HistogramTest, SkewedDistributionTail) {
  Histogram histogram;
  for (int i = 0; i < 990; ++i) histogram.record(300);     // 0.3 ms
  for (int i = 0; i < 10; ++i) histogram.record(250'000);  // 250 ms outliers
  // 300 shares a bucket of width 2 with 301 (values above 2 * kSubBuckets are not exact).
  EXPECT_EQ(histogram.percentile(50), 301u);
  EXPECT_EQ(histogram.percentile(99), 301u);
  EXPECT_NEAR(static_cast<double>(histogram.percentile(99.5)), 250'000, 2'500);
  EXPECT_EQ(histogram.max(), 250'000u);
}

TEST(HistogramTest, MergeAndReset) {
  Histogram a;
  Histogram b;
  a.record(10);
  b.record(1'000);
  b.record(5);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.min(), 5u);
  EXPECT_EQ(a.max(), 1'000u);
  EXPECT_EQ(a.percentile(50), 10u);
  a.reset();
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(a.percentile(99), 0u);
}

TEST(HistogramTest, HugeValuesAreClamped) {
  Histogram histogram;
  histogram.record(UINT64_MAX);
  EXPECT_EQ(histogram.max(), Histogram::kMaxValue);
  EXPECT_EQ(histogram.percentile(50), Histogram::kMaxValue);
}

TEST(HistogramTest, EveryPowerOfTwoBoundaryRoundTrips) {
  // Each value lands in a bucket whose highest value is >= it and within the precision.
  for (int bit = 0; bit < Histogram::kMaxBits; ++bit) {
    for (std::uint64_t value : {(1ULL << bit) - 1, 1ULL << bit, (1ULL << bit) + 1}) {
      if (value == 0 || value > Histogram::kMaxValue) continue;
      Histogram histogram;
      histogram.record(value);
      histogram.record(Histogram::kMaxValue);  // Keeps max() from capping the answer.
      const auto reported = histogram.percentile(50);
      ASSERT_GE(reported, value) << value;
      ASSERT_LE(static_cast<double>(reported), static_cast<double>(value) * (1 + 1.0 / 128) + 1)
          << value;
    }
  }
}

}  // namespace
}  // namespace tracker::loadgen
