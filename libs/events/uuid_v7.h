#pragma once

// Time-ordered event ids: RFC 9562 UUID version 7. The first 48 bits are the Unix time in
// milliseconds, so ids sort by creation time (good for the PostgreSQL primary-key index), and
// the 74 bits after version and variant are a counter that starts at a random value every
// millisecond (RFC 9562 §6.2 method 2), so the ids one generator makes are strictly increasing
// even within a millisecond, and two generators (two producer instances) practically never meet.

#include "events/clock.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace tracker::events {

/// The 16 bytes of a UUID, most significant first (the order of its text form).
using Uuid = std::array<std::uint8_t, 16>;

/// Canonical text: 36 characters, lowercase hex, 8-4-4-4-12.
std::string formatUuid(const Uuid& uuid);

/// Parses the 8-4-4-4-12 text form (either case); nullopt on anything else.
std::optional<Uuid> parseUuid(std::string_view text);

/// The Unix-millisecond timestamp of a version-7, variant-10 UUID in text form; nullopt when the
/// text is not such a UUID.
std::optional<std::int64_t> uuidV7TimestampMs(std::string_view text);

/// Makes UUIDv7s. Thread-safe (one mutex; a few tens of nanoseconds per id). The ids of one
/// generator are strictly increasing, in bytes and in text, also when the clock steps back (the
/// generator keeps using its last millisecond until the clock catches up) and in the practically
/// unreachable case of a counter overflow (it moves its timestamp one millisecond ahead).
/// The random bits come from a Mersenne Twister seeded by std::random_device: unpredictable
/// enough to avoid collisions, not meant as secrets.
class UuidV7Generator {
 public:
  /// Uses the system clock and a std::random_device seed.
  UuidV7Generator();

  /// Uses `clock` and a fixed `seed`; for tests.
  UuidV7Generator(MillisClock clock, std::uint64_t seed);

  UuidV7Generator(const UuidV7Generator&) = delete;
  UuidV7Generator& operator=(const UuidV7Generator&) = delete;

  /// The next id, as bytes.
  Uuid nextUuid();

  /// The next id, as canonical text.
  std::string next();

 private:
  void startMillisecond(std::int64_t unix_ms);

  std::mutex mutex_;
  MillisClock clock_;
  std::mt19937_64 engine_;
  std::int64_t last_ms_ = -1;
  std::uint64_t counter_high_ = 0;  // 12 bits, the RFC's rand_a
  std::uint64_t counter_low_ = 0;   // 62 bits, the RFC's rand_b
};

}  // namespace tracker::events
