#pragma once

// A log-bucketed latency histogram in the spirit of HdrHistogram: constant memory, O(1) record,
// and a bounded relative error, so percentiles of millions of requests cost nothing to keep.

#include <array>
#include <cstdint>

namespace tracker::loadgen {

/// Counts values (microseconds, but any unit works) in buckets whose width grows with the value:
/// values below 2 * kSubBuckets are exact, larger ones share a bucket with values within
/// 1 / kSubBuckets (< 0.8 %) of them. Values above kMaxValue are counted as kMaxValue.
/// Not thread-safe; merge() combines histograms kept by different owners.
class Histogram {
 public:
  /// Sub-buckets per power of two (the precision): 128 gives two significant decimal digits.
  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBuckets = 1ULL << kSubBucketBits;
  /// Largest distinguishable value: 2^40 us is about 12.7 days.
  static constexpr int kMaxBits = 40;
  static constexpr std::uint64_t kMaxValue = (1ULL << kMaxBits) - 1;

  /// Counts one value.
  void record(std::uint64_t value);

  /// Adds every count of `other`.
  void merge(const Histogram& other);

  /// Forgets everything.
  void reset();

  /// The number of values recorded.
  std::uint64_t count() const { return count_; }

  /// The smallest / largest value recorded exactly (0 when empty).
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }

  /// The arithmetic mean of the recorded values (exact; 0 when empty).
  double mean() const { return count_ == 0 ? 0 : static_cast<double>(sum_) / count_; }

  /// The value at `percentile` (0..100): the highest value of the bucket holding the
  /// ceil(percentile/100 * count)-th smallest value, capped by max(). 0 when empty.
  std::uint64_t percentile(double percentile) const;

 private:
  static constexpr std::size_t kBucketCount =
      2 * kSubBuckets + (kMaxBits - kSubBucketBits - 1) * kSubBuckets;

  static std::size_t indexOf(std::uint64_t value);
  static std::uint64_t highestValueOf(std::size_t index);

  std::array<std::uint64_t, kBucketCount> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

}  // namespace tracker::loadgen
