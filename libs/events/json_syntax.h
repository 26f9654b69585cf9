#pragma once

// Pieces of RFC 8259 the JSON event parser checks itself: simdjson On-Demand parses numbers only
// when asked for a C++ number (and rejects valid JSON such as 1e400 that way), and reports some
// errors without a position.

#include <cstddef>
#include <optional>
#include <string_view>

namespace tracker::events {

/// The shape of a JSON number token.
enum class JsonNumberKind {
  kInvalid,  ///< Not an RFC 8259 number (e.g. "01", "1.", "+1", "12abc").
  kInteger,  ///< -?(0|[1-9][0-9]*)
  kDecimal,  ///< A valid number with a fraction or an exponent.
};

/// Classifies `token` (trailing JSON whitespace is ignored) against RFC 8259's number grammar.
JsonNumberKind classifyJsonNumber(std::string_view token);

/// Offset of the first raw control character (below 0x20) inside a JSON string of `text`,
/// which RFC 8259 requires to be escaped; nullopt when there is none.
std::optional<std::size_t> findUnescapedControlCharacter(std::string_view text);

}  // namespace tracker::events
