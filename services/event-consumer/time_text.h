#pragma once

// Instants as text for the read API: parsing the `from`/`to` query parameters (epoch milliseconds
// or ISO-8601) and writing ISO-8601 UTC. Instants are microseconds since the Unix epoch, the
// precision of PostgreSQL's timestamptz, so a bound or a cursor never loses a row to rounding.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z in microseconds: the range accepted.
inline constexpr std::int64_t kMinInstantMicros = -62'135'596'800'000'000;
inline constexpr std::int64_t kMaxInstantMicros = 253'402'300'799'999'999;

/// Parses an instant:
///   - epoch milliseconds: an optional '-' and digits ("1700000000123");
///   - ISO-8601 date "2024-05-01" (midnight UTC) or date-time "2024-05-01T12:30[:45[.123456]]"
///     ('T', 't' or one space between), followed by "Z", "+02:00", "-0230", "+02" or nothing (UTC).
///     An offset whose '+' arrived as a space (an unencoded '+' in a query string) is accepted.
///     Fractions beyond microseconds are truncated.
/// nullopt when the text is anything else or outside [kMinInstantMicros, kMaxInstantMicros].
std::optional<std::int64_t> parseInstantMicros(std::string_view text);

/// "2024-05-01T12:30:45.123Z": UTC, millisecond precision (truncated toward the past).
std::string formatIsoMillis(std::int64_t micros);

/// "2024-05-01T12:30:45.123456Z": UTC, microsecond precision; PostgreSQL reads it exactly as a
/// timestamptz.
std::string formatIsoMicros(std::int64_t micros);

/// Milliseconds of `micros`, rounded toward the past (floor, also before 1970).
std::int64_t floorMillis(std::int64_t micros);

/// Milliseconds of `micros`, rounded toward the future (ceiling).
std::int64_t ceilMillis(std::int64_t micros);

}  // namespace tracker::event_consumer
