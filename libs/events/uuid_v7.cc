#include "events/uuid_v7.h"

#include <algorithm>
#include <array>
#include <utility>

namespace tracker::events {

namespace {

constexpr std::uint64_t kHighBits = 12;
constexpr std::uint64_t kLowBits = 62;
constexpr std::uint64_t kHighLimit = std::uint64_t{1} << kHighBits;
constexpr std::uint64_t kLowLimit = std::uint64_t{1} << kLowBits;
constexpr std::int64_t kMaxTimestampMs = (std::int64_t{1} << 48) - 1;
constexpr char kHexDigits[] = "0123456789abcdef";
// Text positions of the four dashes in 8-4-4-4-12.
constexpr std::array<std::size_t, 4> kDashPositions = {8, 13, 18, 23};

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint64_t randomSeed() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) ^ device();
}

}  // namespace

std::string formatUuid(const Uuid& uuid) {
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHexDigits[uuid[i] >> 4]);
    text.push_back(kHexDigits[uuid[i] & 0x0F]);
  }
  return text;
}

std::optional<Uuid> parseUuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  for (std::size_t dash : kDashPositions) {
    if (text[dash] != '-') return std::nullopt;
  }
  Uuid uuid{};
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    if (text[i] == '-') ++i;
    const int high = hexValue(text[i]);
    const int low = hexValue(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    uuid[byte++] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return uuid;
}

std::optional<std::int64_t> uuidV7TimestampMs(std::string_view text) {
  const std::optional<Uuid> uuid = parseUuid(text);
  if (!uuid || ((*uuid)[6] >> 4) != 7 || ((*uuid)[8] >> 6) != 0b10) return std::nullopt;
  std::int64_t unix_ms = 0;
  for (std::size_t i = 0; i < 6; ++i) unix_ms = unix_ms << 8 | (*uuid)[i];
  return unix_ms;
}

UuidV7Generator::UuidV7Generator() : UuidV7Generator(systemNowMs, randomSeed()) {}

UuidV7Generator::UuidV7Generator(MillisClock clock, std::uint64_t seed)
    : clock_(std::move(clock)), engine_(seed) {}

void UuidV7Generator::startMillisecond(std::int64_t unix_ms) {
  last_ms_ = unix_ms;
  // The top counter bit starts at 0, leaving at least 2^73 increments before an overflow.
  counter_high_ = engine_() & (kHighLimit / 2 - 1);
  counter_low_ = engine_() & (kLowLimit - 1);
}

Uuid UuidV7Generator::nextUuid() {
  std::int64_t unix_ms;
  std::uint64_t high;
  std::uint64_t low;
  {
    std::lock_guard lock(mutex_);
    const std::int64_t now = std::clamp<std::int64_t>(clock_(), 0, kMaxTimestampMs);
    if (now > last_ms_) {
      startMillisecond(now);
    } else if (++counter_low_ == kLowLimit) {
      // Same (or an earlier) millisecond: count up from the last id.
      counter_low_ = 0;
      if (++counter_high_ == kHighLimit) startMillisecond(last_ms_ + 1);
    }
    unix_ms = last_ms_;
    high = counter_high_;
    low = counter_low_;
  }
  Uuid uuid{};
  for (std::size_t i = 0; i < 6; ++i) {
    uuid[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(unix_ms) >> (40 - 8 * i));
  }
  uuid[6] = static_cast<std::uint8_t>(0x70 | high >> 8);  // version 7
  uuid[7] = static_cast<std::uint8_t>(high);
  uuid[8] = static_cast<std::uint8_t>(0x80 | low >> 56);  // variant 10
  for (std::size_t i = 9; i < 16; ++i) {
    uuid[i] = static_cast<std::uint8_t>(low >> (8 * (15 - i)));
  }
  return uuid;
}

std::string UuidV7Generator::next() { return formatUuid(nextUuid()); }

}  // namespace tracker::events
