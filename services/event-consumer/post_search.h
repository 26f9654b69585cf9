#pragma once

// Full-text search over post events for GET /api/posts/search: the OpenSearch query built from a
// PostSearchQuery and the answer read back (both pure, unit-tested), and the HTTP call to
// `<base_url>/<index>/_search` through the project's libcurl client.
//
// Query: `q` as multi_match over title, content and tags (empty: match_all); user_id as a term
// filter, from/to as a range filter on `timestamp` (epoch_millis, from inclusive, to exclusive);
// sorted by score, then timestamp newest first. Mapping: search/user-post-events.v1.json.

#include "common/result.h"
#include "http/client.h"
#include "read_params.h"
#include "search_sink.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_consumer {

/// No search URL was configured for this instance (TRACKER_SEARCH_URL unset).
inline constexpr std::string_view kSearchNotConfigured = "search.not_configured";

/// The answer was not a search answer (not JSON, no hits).
inline constexpr std::string_view kSearchInvalidResponse = "search.invalid_response";

/// One matching post event.
struct PostHit {
  std::string event_id;
  std::string event_type;
  std::string user_id;
  /// Epoch milliseconds.
  std::optional<std::int64_t> timestamp;
  std::optional<std::string> post_id;
  std::optional<std::string> title;
  std::optional<std::string> content;
  std::vector<std::string> tags;
  /// Relevance; absent when the engine gave none.
  std::optional<double> score;

  friend bool operator==(const PostHit&, const PostHit&) = default;
};

/// What a search found.
struct PostSearchResult {
  /// Every match, not just the hits returned (track_total_hits).
  std::int64_t total = 0;
  std::vector<PostHit> hits;
};

/// The `_search` request body for `query`. Pure.
std::string searchRequestBody(const PostSearchQuery& query);

/// Reads a `_search` answer. Fails with kSearchInvalidResponse when `body` is not one. Pure.
common::Result<PostSearchResult> parseSearchResponse(std::string_view body);

/// Thread-safe; runs one search at a time (one kept-alive connection, see http::Client), each
/// bounded by a 5 s time-out.
class PostSearch {
 public:
  /// `base_url` like "http://127.0.0.1:19200" (empty → every search fails with
  /// kSearchNotConfigured); `index` the alias to search.
  static common::Result<std::unique_ptr<PostSearch>> create(std::string base_url,
                                                            std::string index);

  /// Runs `query`. Errors: kSearchNotConfigured; kSearchUnavailable (unreachable, time-out,
  /// 429/5xx, index missing); "search.http_<status>" (another refusal); kSearchInvalidResponse.
  common::Result<PostSearchResult> search(const PostSearchQuery& query);

 private:
  PostSearch(http::Client client, std::string base_url, std::string index);

  http::Client client_;
  std::string base_url_;
  std::string index_;
};

}  // namespace tracker::event_consumer
