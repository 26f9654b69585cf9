#pragma once

// Drawing an index with probability proportional to a weight: the event mix, device types,
// source channels, and (through ZipfSampler) which user acts next.

#include "loadgen/random.h"

#include <cstddef>
#include <span>
#include <vector>

namespace tracker::loadgen {

/// Samples index i with probability weights[i] / sum(weights) by binary search in the cumulative
/// table: O(log n) per draw, n doubles of memory. Immutable after construction.
class WeightedSampler {
 public:
  /// `weights` must be non-empty, finite, non-negative and not all zero (a broken invariant of
  /// the caller: aborts).
  explicit WeightedSampler(std::span<const double> weights);

  /// An index in [0, size()).
  std::size_t sample(Random& random) const;

  /// The number of choices.
  std::size_t size() const { return cumulative_.size(); }

  /// The probability of index `i`.
  double probability(std::size_t i) const;

 private:
  /// cumulative_[i] = (w[0] + ... + w[i]) / total; the last entry is exactly 1.
  std::vector<double> cumulative_;
};

}  // namespace tracker::loadgen
