#pragma once

// Zipf-distributed ranks: a few users produce most of the traffic, a long tail produces little,
// as on a real social site. Also used to pick whose post gets liked or who gets followed, so
// popular users attract more attention.

#include "loadgen/random.h"
#include "loadgen/weighted_sampler.h"

#include <cstddef>

namespace tracker::loadgen {

/// Draws a rank k in [0, n) with probability proportional to 1 / (k + 1)^exponent.
/// exponent 0 is uniform; around 1 is classic Zipf (rank 0 is ~n/ln(n) times as active as the
/// median). Exact (a cumulative table of n doubles: 800 KB for 100,000 users), immutable.
class ZipfSampler {
 public:
  /// n >= 1 and exponent >= 0, finite (checked by the options parser; aborts otherwise).
  ZipfSampler(std::size_t n, double exponent);

  /// A rank in [0, n); 0 is the most frequent.
  std::size_t sample(Random& random) const { return sampler_.sample(random); }

  /// The number of ranks.
  std::size_t size() const { return sampler_.size(); }

  /// The exact probability of rank k.
  double probability(std::size_t k) const { return sampler_.probability(k); }

 private:
  WeightedSampler sampler_;
};

}  // namespace tracker::loadgen
