#pragma once

// The search sink's wire logic: events → `_bulk` NDJSON for the `user-post-events` index, and the
// bulk answer → what became of each item. Pure, unit-tested without OpenSearch.

#include "common/result.h"
#include "record.h"

#include <span>
#include <string>
#include <string_view>
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
  kRetry,     ///< 429, 5xx, 404 (index missing): try again later.
};

/// Classifies one item by its HTTP status.
BulkItemOutcome classifyBulkStatus(int status);

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
