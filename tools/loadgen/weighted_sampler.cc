#include "loadgen/weighted_sampler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tracker::loadgen {

WeightedSampler::WeightedSampler(std::span<const double> weights) {
  double total = 0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0) {
      std::fprintf(stderr, "WeightedSampler: weight %g is not a finite non-negative number\n", w);
      std::abort();
    }
    total += w;
  }
  if (weights.empty() || total <= 0) {
    std::fprintf(stderr, "WeightedSampler: needs at least one positive weight\n");
    std::abort();
  }
  cumulative_.reserve(weights.size());
  double running = 0;
  for (double w : weights) {
    running += w;
    cumulative_.push_back(running / total);
  }
  // Rounding may leave the last entry a hair below 1; a draw of 0.99999... must still land.
  cumulative_.back() = 1.0;
}

std::size_t WeightedSampler::sample(Random& random) const {
  const double u = random.uniform();
  // First entry strictly greater than u: zero-weight entries (equal to their predecessor) are
  // never chosen.
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

double WeightedSampler::probability(std::size_t i) const {
  return i == 0 ? cumulative_[0] : cumulative_[i] - cumulative_[i - 1];
}

}  // namespace tracker::loadgen
