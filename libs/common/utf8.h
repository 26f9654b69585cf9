#pragma once

// UTF-8 well-formedness, checked on every string an event carries: PostgreSQL, OpenSearch and the
// JSON answers we write all require valid UTF-8, and Protobuf string fields promise it.

#include <cstddef>
#include <optional>
#include <string_view>

namespace tracker::common {

/// Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence
/// (Unicode 15 table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt
/// when the whole text is well-formed.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);

/// True when `text` is well-formed UTF-8.
inline bool isValidUtf8(std::string_view text) { return !findInvalidUtf8(text).has_value(); }

/// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 sequence
/// in half; for echoing client text in error messages without producing invalid UTF-8.
std::string_view utf8Prefix(std::string_view text, std::size_t max_bytes);

}  // namespace tracker::common
