#include "loadgen/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tracker::loadgen {

// Layout: indices [0, 2 * kSubBuckets) hold the values themselves (width 1). Above that, the
// values with highest bit e (e > kSubBucketBits) occupy kSubBuckets buckets of width
// 2^(e - kSubBucketBits): index = 2 * kSubBuckets + (e - kSubBucketBits - 1) * kSubBuckets +
// (the kSubBucketBits bits after the highest one).
std::size_t Histogram::indexOf(std::uint64_t value) {
  if (value < 2 * kSubBuckets) return static_cast<std::size_t>(value);
  const int highest_bit = std::bit_width(value) - 1;  // > kSubBucketBits here
  const int shift = highest_bit - kSubBucketBits;
  const std::uint64_t sub = (value >> shift) - kSubBuckets;  // [0, kSubBuckets)
  return static_cast<std::size_t>(2 * kSubBuckets +
                                  static_cast<std::uint64_t>(shift - 1) * kSubBuckets + sub);
}

std::uint64_t Histogram::highestValueOf(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;
  const std::uint64_t above = index - 2 * kSubBuckets;
  const int shift = static_cast<int>(above / kSubBuckets) + 1;
  const std::uint64_t sub = above % kSubBuckets;
  const std::uint64_t lowest = (kSubBuckets + sub) << shift;
  return lowest + (1ULL << shift) - 1;
}

void Histogram::record(std::uint64_t value) {
  value = std::min(value, kMaxValue);
  ++counts_[indexOf(value)];
  ++count_;
  sum_ += value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void Histogram::reset() { *this = Histogram(); }

std::uint64_t Histogram::percentile(double percentile) const {
  if (count_ == 0) return 0;
  const double clamped = std::clamp(percentile, 0.0, 100.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(highestValueOf(i), max_);
  }
  return max_;
}

}  // namespace tracker::loadgen
