#include "time_text.h"

#include "common/parse.h"

#include <chrono>
#include <cstdio>

namespace tracker::event_consumer {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> readDigits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::int64_t> parseEpochMillis(std::string_view text) {
  auto millis = common::parseInt64(text);
  if (!millis) return std::nullopt;
  // Checked before multiplying so the product cannot overflow.
  if (*millis < kMinInstantMicros / 1000 || *millis > kMaxInstantMicros / 1000) {
    return std::nullopt;
  }
  return *millis * 1000;
}

// The zone suffix at `pos` (to the end of the text) as an offset east of UTC, in seconds.
std::optional<std::int64_t> parseZone(std::string_view text, std::size_t pos) {
  if (pos == text.size()) return 0;
  const char sign = text[pos];
  if ((sign == 'Z' || sign == 'z') && pos + 1 == text.size()) return 0;
  if (sign != '+' && sign != '-' && sign != ' ') return std::nullopt;
  ++pos;
  auto hours = readDigits(text, pos, 2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (pos < text.size()) {
    if (text[pos] == ':') ++pos;
    auto read = readDigits(text, pos, 2);
    if (!read || *read > 59) return std::nullopt;
    minutes = *read;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t offset = *hours * 3600 + minutes * 60;
  return sign == '-' ? -offset : offset;
}

std::optional<std::int64_t> parseIso(std::string_view text) {
  std::size_t pos = 0;
  auto year = readDigits(text, pos, 4);
  if (!year || pos >= text.size() || text[pos++] != '-') return std::nullopt;
  auto month = readDigits(text, pos, 2);
  if (!month || pos >= text.size() || text[pos++] != '-') return std::nullopt;
  auto day = readDigits(text, pos, 2);
  if (!day || *year < 1) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();

  std::int64_t seconds = 0;
  std::int64_t fraction_micros = 0;
  if (pos < text.size()) {
    const char separator = text[pos++];
    if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
    auto hour = readDigits(text, pos, 2);
    if (!hour || *hour > 23 || pos >= text.size() || text[pos++] != ':') return std::nullopt;
    auto minute = readDigits(text, pos, 2);
    if (!minute || *minute > 59) return std::nullopt;
    int second = 0;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      auto read = readDigits(text, pos, 2);
      if (!read || *read > 59) return std::nullopt;
      second = *read;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        std::int64_t scale = kMicrosPerSecond;
        const std::size_t first_digit = pos;
        for (; pos < text.size() && isDigit(text[pos]); ++pos) {
          scale /= 10;  // becomes 0 after six digits: the rest is truncated
          fraction_micros += (text[pos] - '0') * scale;
        }
        if (pos == first_digit) return std::nullopt;
      }
    }
    seconds = *hour * 3600 + *minute * 60 + second;
  }
  auto offset = parseZone(text, pos);
  if (!offset) return std::nullopt;
  const std::int64_t micros =
      (days * 86'400 + seconds - *offset) * kMicrosPerSecond + fraction_micros;
  if (micros < kMinInstantMicros || micros > kMaxInstantMicros) return std::nullopt;
  return micros;
}

}  // namespace

std::optional<std::int64_t> parseInstantMicros(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // A date always has '-' after four digits; epoch milliseconds never do.
  const bool iso = text.size() >= 5 && isDigit(text[0]) && text[4] == '-';
  return iso ? parseIso(text) : parseEpochMillis(text);
}

std::int64_t floorMillis(std::int64_t micros) {
  return micros / 1000 - (micros % 1000 < 0 ? 1 : 0);
}

std::int64_t ceilMillis(std::int64_t micros) { return micros / 1000 + (micros % 1000 > 0 ? 1 : 0); }

std::string formatIsoMillis(std::int64_t micros) {
  std::string text = formatIsoMicros(micros);
  text.erase(text.size() - 4, 3);  // "…45.123456Z" → "…45.123Z"
  return text;
}

std::string formatIsoMicros(std::int64_t micros) {
  constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
  std::int64_t micros_of_day = micros % kMicrosPerDay;
  if (micros_of_day < 0) micros_of_day += kMicrosPerDay;
  const std::int64_t days = (micros - micros_of_day) / kMicrosPerDay;
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(days))};
  const std::int64_t seconds_of_day = micros_of_day / kMicrosPerSecond;
  char text[96];  // room for any int values, so the compiler can prove no truncation
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(seconds_of_day / 3600),
                static_cast<int>(seconds_of_day / 60 % 60), static_cast<int>(seconds_of_day % 60),
                static_cast<int>(micros_of_day % kMicrosPerSecond));
  return text;
}

}  // namespace tracker::event_consumer
