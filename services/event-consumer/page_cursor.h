#pragma once

// The opaque `cursor` of GET /api/users/{user_id}/events: where the previous page ended, as
// (event_time, event_id) of its last row, for keyset pagination on the index
// (user_id, event_time desc, event_id desc). Pure.
//
// Token: base64url without padding (RFC 4648 §5) of "1:<event_time µs>:<event_id>". Clients must
// not build or read it; the leading version lets the format change without breaking old links.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// Longest token decodeCursor accepts (an event_id is at most 128 bytes).
inline constexpr std::size_t kMaxCursorChars = 512;

/// The last row of a page.
struct PageCursor {
  /// event_time in microseconds since the epoch (timestamptz precision, so no row is skipped or
  /// repeated whatever precision the stored times have).
  std::int64_t event_time_micros = 0;
  std::string event_id;

  friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

/// The token of `cursor`: URL-safe, never empty.
std::string encodeCursor(const PageCursor& cursor);

/// The cursor `token` encodes; nullopt when it is not a token encodeCursor could have written
/// (wrong alphabet or length, unknown version, bad time, empty event_id).
std::optional<PageCursor> decodeCursor(std::string_view token);

}  // namespace tracker::event_consumer
