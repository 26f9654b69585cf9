#pragma once

// The search sink: post events into the `user-post-events` index through `_bulk`, one `create`
// per event with _id = event_id, every item's answer read (bulk_format.h).

#include "bulk_format.h"
#include "common/result.h"
#include "events/catalogue.h"
#include "http/client.h"
#include "record.h"
#include "sink.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// Error code of an outage: no connection, time-out, or the whole request answered 429/5xx.
inline constexpr std::string_view kSearchUnavailable = "search.unavailable";

/// Not thread-safe: used by the consumer thread only (one kept-alive connection).
class SearchSink final : public Sink {
 public:
  /// `base_url` like "http://127.0.0.1:19200"; `index` the alias to write to; `catalogue` (which
  /// must outlive the sink) tells post events from the rest.
  static common::Result<std::unique_ptr<SearchSink>> create(std::string base_url, std::string index,
                                                            const events::Catalogue& catalogue);

  Dependency dependency() const override { return Dependency::kSearch; }
  Stage stage() const override { return Stage::kSearch; }
  /// Post events only (Catalogue::isPostEvent).
  bool takes(const DecodedEvent& event) const override;

  /// Sends `events` in one `_bulk` request. The error is kSearchUnavailable (nothing is known
  /// about the items; retry the whole request later) or
  /// "search.invalid_response"/"search.http_<n>"; otherwise one outcome per event, in order:
  /// written or existing → kDone, 429/5xx items → kRetry, other refusals → kDeadLetter, each with
  /// the code "search.<error type>" (or "search.http_<status>").
  common::Result<std::vector<ItemOutcome>> write(
      std::span<const DecodedEvent* const> events) override;

  /// GET <base_url>/ answering 200. Fails with kSearchUnavailable.
  common::Result<void> probe() override;

 private:
  SearchSink(http::Client client, std::string base_url, std::string index,
             const events::Catalogue& catalogue);
  common::Result<std::vector<BulkItemResult>> bulk(std::span<const DecodedEvent* const> events);

  http::Client client_;
  std::string base_url_;
  std::string index_;
  const events::Catalogue& catalogue_;
};

}  // namespace tracker::event_consumer
