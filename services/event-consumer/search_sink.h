#pragma once

// The search sink: post events into the `user-post-events` index through `_bulk`, one `create`
// per event with _id = event_id, every item's answer read (bulk_format.h).

#include "bulk_format.h"
#include "common/result.h"
#include "http/client.h"
#include "record.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// Error code of an outage: no connection, time-out, or the whole request answered 429/5xx.
inline constexpr std::string_view kSearchUnavailable = "search.unavailable";

/// Not thread-safe: used by the consumer thread only (one kept-alive connection).
class SearchSink {
 public:
  /// `base_url` like "http://127.0.0.1:19200"; `index` the alias to write to.
  static common::Result<std::unique_ptr<SearchSink>> create(std::string base_url,
                                                            std::string index);

  /// Sends `events` in one `_bulk` request. The outer error is kSearchUnavailable (nothing is known
  /// about the items; retry the whole request later) or
  /// "search.invalid_response"/"search.http_<n>"; otherwise one result per event, in order.
  common::Result<std::vector<BulkItemResult>> write(std::span<const DecodedEvent* const> events);

  /// GET <base_url>/ answering 200. Fails with kSearchUnavailable.
  common::Result<void> probe();

 private:
  SearchSink(http::Client client, std::string base_url, std::string index);

  http::Client client_;
  std::string base_url_;
  std::string index_;
};

}  // namespace tracker::event_consumer
