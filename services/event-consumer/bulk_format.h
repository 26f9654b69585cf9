#pragma once

// The search sink's wire logic: events → `_bulk` NDJSON for the `user-post-events` index, and the
// bulk answer → what became of each item. Pure, unit-tested without OpenSearch.

#include "common/result.h"
#include "record.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::event_consumer {

/// The search document of a post event, as the mapping search/user-post-events.v1.json defines it:
/// the event's fields, post_id/title/content lifted out of extra_data, tags split on commas into an
/// array, extra_data kept whole (not indexed), Kafka coordinates and schema id. Empty strings are
/// left out (proto3 cannot tell them from absent).
std::string searchDocument(const DecodedEvent& decoded);

/// Appends the two NDJSON lines of one `create` action with `_id` = event_id. `create` never
/// overwrites: a replay answers 409 per item, which counts as done.
void appendBulkCreate(std::string& out, const DecodedEvent& decoded);

/// What became of one bulk item.
enum class BulkItemOutcome {
  kWritten,   ///< 200/201: stored now.
  kExisted,   ///< 409: a document with this id exists already (a replay): done.
  kRejected,  ///< 400 and other client errors: the document itself is bad → DLT, stage search.
  kRetry,     ///< 429, 5xx: try again later.
  /// 401/403/404, a cluster or index block, a closed or missing index, a security refusal: the
  /// index does not take writes now, whatever the document; the batch waits (never a DLT).
  kOutage,
};

/// Classifies one item by its HTTP status and error.type (empty when none).
BulkItemOutcome classifyBulkItem(int status, std::string_view error_type);

/// The first write block set in a settings answer (`GET <index>/_settings?flat_settings=true` or
/// `GET _cluster/settings?flat_settings=true`): "index.blocks.write=true" and the like, or
/// nullopt when none is (or the body is not JSON). Pure.
std::optional<std::string> writeBlockIn(std::string_view settings_json);

/// Splits items of `item_bytes` NDJSON bytes each into consecutive [begin, end) ranges of at most
/// `max_bytes` (an item larger than that goes alone). Pure.
std::vector<std::pair<std::size_t, std::size_t>> bulkChunks(std::span<const std::size_t> item_bytes,
                                                            std::size_t max_bytes);

/// One item of a bulk answer.
struct BulkItemResult {
  int status = 0;
  BulkItemOutcome outcome = BulkItemOutcome::kRetry;
  /// error.type and error.reason when the item failed, e.g. "mapper_parsing_exception".
  std::string error_type;
  std::string error_reason;
};

/// Reads a `_bulk` answer that should hold `expected_items` items, in request order. Fails with
/// "search.invalid_response" when the body is not a bulk answer or the item count differs.
common::Result<std::vector<BulkItemResult>> parseBulkResponse(std::string_view body,
                                                              std::size_t expected_items);

}  // namespace tracker::event_consumer
