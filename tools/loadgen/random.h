#pragma once

// A small, fully specified pseudo-random generator. The standard library's distributions are
// implementation-defined, so a seed would give different traffic with another standard library;
// everything the load generator draws goes through this class instead, which makes `--seed`
// repeatable everywhere.

#include <cstdint>

namespace tracker::loadgen {

/// xoshiro256** seeded through splitmix64. Not for cryptography. Not thread-safe: one per thread.
class Random {
 public:
  /// Seeds the four state words from `seed` with splitmix64 (any seed, 0 included, is fine).
  explicit Random(std::uint64_t seed) {
    for (auto& word : state_) word = splitMix64(seed);
  }

  /// The next 64 uniformly distributed bits.
  std::uint64_t next() {
    const std::uint64_t result = rotateLeft(state_[1] * 5, 7) * 9;
    const std::uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotateLeft(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 bits of precision.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in [0, bound) for bound > 0 (multiply-shift; the bias is below 2^-32 for the
  /// bounds used here and irrelevant for load generation).
  std::uint64_t below(std::uint64_t bound) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

  /// Uniform in [low, high], low <= high.
  std::uint64_t between(std::uint64_t low, std::uint64_t high) {
    return low + below(high - low + 1);
  }

  /// True with probability `p`.
  bool chance(double p) { return uniform() < p; }

 private:
  static std::uint64_t rotateLeft(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  static std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4];
};

}  // namespace tracker::loadgen
