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

/// Error code of an outage: no connection, a time-out, a request answered other than 200 or 413,
/// or an item refused for the index's state (BulkItemOutcome::kOutage).
inline constexpr std::string_view kSearchUnavailable = "search.unavailable";

/// Not thread-safe: used by the consumer thread only (one kept-alive connection).
class SearchSink final : public Sink {
 public:
  /// `base_url` like "http://127.0.0.1:19200"; `index` the alias to write to; `catalogue` (which
  /// must outlive the sink) tells post events from the rest; a `_bulk` request carries at most
  /// `max_bulk_bytes` of NDJSON (one larger document goes alone).
  static common::Result<std::unique_ptr<SearchSink>> create(std::string base_url, std::string index,
                                                            const events::Catalogue& catalogue,
                                                            std::size_t max_bulk_bytes);

  Dependency dependency() const override { return Dependency::kSearch; }
  Stage stage() const override { return Stage::kSearch; }
  /// Post events only (Catalogue::isPostEvent).
  bool takes(const DecodedEvent& event) const override;

  /// Sends `events` in `_bulk` requests of at most max_bulk_bytes, in order; a request answered
  /// 413 is halved until it fits (a single document still too large is a dead letter,
  /// "search.http_413"). The error is kSearchUnavailable (retry the whole batch after a probe)
  /// or "search.invalid_response"; otherwise one outcome per event, in order: written or
  /// existing → kDone, 429/5xx items → kRetry, other refusals → kDeadLetter, each with the code
  /// "search.<error type>" (or "search.http_<status>").
  common::Result<std::vector<ItemOutcome>> write(
      std::span<const DecodedEvent* const> events) override;

  /// The index's settings and the cluster's, each answering 200 without a write block
  /// (writeBlockIn). Fails with kSearchUnavailable.
  common::Result<void> probe() override;

 private:
  /// The NDJSON of a whole batch; item i is text[offsets[i], offsets[i + 1]).
  struct BulkBody {
    std::string text;
    std::vector<std::size_t> offsets;
  };

  SearchSink(http::Client client, std::string base_url, std::string index,
             const events::Catalogue& catalogue, std::size_t max_bulk_bytes);
  /// One `_bulk` request with items [begin, end) of `body`.
  common::Result<std::vector<ItemOutcome>> sendChunk(const BulkBody& body, std::size_t begin,
                                                     std::size_t end);

  http::Client client_;
  std::string base_url_;
  std::string index_;
  const events::Catalogue& catalogue_;
  std::size_t max_bulk_bytes_;
};

}  // namespace tracker::event_consumer
