#include "loadgen/zipf_sampler.h"

#include "loadgen/weighted_sampler.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

namespace tracker::loadgen {
namespace {

TEST(ZipfSamplerTest, ProbabilitiesFollowThePowerLaw) {
  const ZipfSampler zipf(1000, 1.2);
  double total = 0;
  for (std::size_t k = 0; k < zipf.size(); ++k) total += zipf.probability(k);
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_NEAR(zipf.probability(0) / zipf.probability(1), std::pow(2.0, 1.2), 1e-9);
  EXPECT_NEAR(zipf.probability(9) / zipf.probability(99), std::pow(10.0, 1.2), 1e-6);
}

TEST(ZipfSamplerTest, DrawsMatchTheDistribution) {
  const ZipfSampler zipf(10'000, 1.0);
  Random random(7);
  constexpr int kDraws = 400'000;
  std::vector<int> counts(zipf.size());
  for (int i = 0; i < kDraws; ++i) {
    const std::size_t rank = zipf.sample(random);
    ASSERT_LT(rank, zipf.size());
    ++counts[rank];
  }
  // The head ranks, each within 5 % of its expectation (thousands of draws each).
  for (std::size_t k = 0; k < 5; ++k) {
    const double expected = zipf.probability(k) * kDraws;
    EXPECT_NEAR(counts[k], expected, 0.05 * expected) << "rank " << k;
  }
  // The skew a user of --zipf 1 expects: the top 1 % of users produce about half the traffic.
  double top_share = 0;
  double top_expected = 0;
  for (std::size_t k = 0; k < 100; ++k) {
    top_share += counts[k];
    top_expected += zipf.probability(k);
  }
  top_share /= kDraws;
  EXPECT_NEAR(top_share, top_expected, 0.01);
  EXPECT_GT(top_share, 0.5);
  // The tail is still visited.
  int tail = 0;
  for (std::size_t k = 5'000; k < zipf.size(); ++k) tail += counts[k];
  EXPECT_GT(tail, 0);
}

TEST(ZipfSamplerTest, ExponentZeroIsUniform) {
  const ZipfSampler zipf(10, 0.0);
  Random random(3);
  std::array<int, 10> counts{};
  constexpr int kDraws = 100'000;
  for (int i = 0; i < kDraws; ++i) ++counts[zipf.sample(random)];
  for (int count : counts) EXPECT_NEAR(count, kDraws / 10, kDraws / 10 * 0.05);
}

TEST(ZipfSamplerTest, SameSeedSameRanks) {
  const ZipfSampler zipf(100'000, 1.0);
  Random a(42);
  Random b(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(zipf.sample(a), zipf.sample(b));
}

TEST(WeightedSamplerTest, NeverDrawsAZeroWeight) {
  const std::array<double, 4> weights = {0, 1, 0, 3};
  const WeightedSampler sampler(weights);
  Random random(1);
  std::array<int, 4> counts{};
  for (int i = 0; i < 40'000; ++i) ++counts[sampler.sample(random)];
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[2], 0);
  EXPECT_NEAR(counts[3] / static_cast<double>(counts[1]), 3.0, 0.15);
  EXPECT_DOUBLE_EQ(sampler.probability(3), 0.75);
}

TEST(RandomTest, UniformStaysInRange) {
  Random random(0);
  for (int i = 0; i < 10'000; ++i) {
    const double u = random.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LE(random.between(3, 5), 5u);
    ASSERT_GE(random.between(3, 5), 3u);
  }
}

}  // namespace
}  // namespace tracker::loadgen
