#include "events/murmur2_partitioner.h"

#include <cstdio>
#include <cstdlib>

namespace tracker::events {

namespace {

constexpr std::uint32_t kSeed = 0x9747b28c;
constexpr std::uint32_t kMultiplier = 0x5bd1e995;
constexpr int kShift = 24;

// Java's `data[i] & 0xff`: the byte as an unsigned value whatever char's signedness.
std::uint32_t byteAt(std::string_view bytes, std::size_t index) {
  return static_cast<unsigned char>(bytes[index]);
}

}  // namespace

std::int32_t murmur2(std::string_view bytes) {
  // Java does this in wrapping 32-bit int arithmetic with `>>>` shifts, which is exactly uint32_t.
  const std::size_t length = bytes.size();
  std::uint32_t hash = kSeed ^ static_cast<std::uint32_t>(length);
  const std::size_t whole_words = length / 4;
  for (std::size_t word = 0; word < whole_words; ++word) {
    const std::size_t at = word * 4;
    std::uint32_t k = byteAt(bytes, at) | (byteAt(bytes, at + 1) << 8) |
                      (byteAt(bytes, at + 2) << 16) | (byteAt(bytes, at + 3) << 24);
    k *= kMultiplier;
    k ^= k >> kShift;
    k *= kMultiplier;
    hash *= kMultiplier;
    hash ^= k;
  }
  const std::size_t tail = length & ~std::size_t{3};
  switch (length % 4) {
    case 3:
      hash ^= byteAt(bytes, tail + 2) << 16;
      [[fallthrough]];
    case 2:
      hash ^= byteAt(bytes, tail + 1) << 8;
      [[fallthrough]];
    case 1:
      hash ^= byteAt(bytes, tail);
      hash *= kMultiplier;
  }
  hash ^= hash >> 13;
  hash *= kMultiplier;
  hash ^= hash >> 15;
  return static_cast<std::int32_t>(hash);  // two's complement, as Java's int
}

std::int32_t partitionForUserId(std::string_view user_id, std::int32_t num_partitions) {
  if (num_partitions <= 0) {
    // A broken invariant, not bad input: the caller validated the partition count.
    std::fprintf(stderr, "partitionForUserId: num_partitions must be positive, got %d\n",
                 num_partitions);
    std::abort();
  }
  return toPositive(murmur2(user_id)) % num_partitions;
}

}  // namespace tracker::events
