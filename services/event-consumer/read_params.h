#pragma once

// The read API's requests as values, and their parsing from query parameters. Pure: every bad
// parameter becomes an Error (kInvalidParameter) naming it, never a database or search round trip.
//
// A parameter given empty ("?type=") counts as absent, as an HTML form sends it.

#include "common/result.h"
#include "http_server/request.h"
#include "page_cursor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// A query parameter or path segment is malformed or out of range; the message starts with its
/// name ("limit: ...").
inline constexpr std::string_view kInvalidParameter = "read.invalid_parameter";

inline constexpr int kDefaultEventsLimit = 50;
inline constexpr int kMaxEventsLimit = 500;
inline constexpr int kDefaultSearchSize = 20;
inline constexpr int kMaxSearchSize = 100;
/// Longest event_id / user_id looked up (what the ingest API accepts).
inline constexpr std::size_t kMaxIdBytes = 128;
/// Longest full-text query.
inline constexpr std::size_t kMaxSearchTextBytes = 1024;

/// [from, to) in microseconds since the epoch; either side may be open.
struct TimeRange {
  std::optional<std::int64_t> from_micros;
  std::optional<std::int64_t> to_micros;

  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

/// GET /api/users/{user_id}/events: one page, newest first.
struct UserEventsQuery {
  std::string user_id;
  /// Only events of this type.
  std::optional<std::string> event_type;
  TimeRange range;
  int limit = kDefaultEventsLimit;
  /// Rows strictly after this one in (event_time desc, event_id desc) order.
  std::optional<PageCursor> after;

  friend bool operator==(const UserEventsQuery&, const UserEventsQuery&) = default;
};

/// GET /api/posts/search.
struct PostSearchQuery {
  /// Full text over title, content and tags; empty = every post event.
  std::string text;
  std::optional<std::string> user_id;
  TimeRange range;
  int size = kDefaultSearchSize;

  friend bool operator==(const PostSearchQuery&, const PostSearchQuery&) = default;
};

/// Checks a path identifier (`name` is "event_id" or "user_id"): 1..kMaxIdBytes bytes.
common::Result<std::string> parseId(std::string_view name, std::string_view value);

/// `type`, `from`, `to`, `limit`, `cursor` of `request` for the user `user_id` (a path segment).
/// `from`/`to` are epoch milliseconds or ISO-8601 (time_text.h), `from` inclusive, `to` exclusive
/// and after `from`; `limit` 1..kMaxEventsLimit; `type` a lower snake case event type name;
/// `cursor` a token from a previous page. Other parameters are ignored.
common::Result<UserEventsQuery> parseUserEventsQuery(std::string_view user_id,
                                                     const http_server::Request& request);

/// `q`, `user_id`, `from`, `to`, `size` (1..kMaxSearchSize) of `request`, rules as above.
common::Result<PostSearchQuery> parsePostSearchQuery(const http_server::Request& request);

}  // namespace tracker::event_consumer
