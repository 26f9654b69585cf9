#pragma once

// JSON request bodies → items (ingest_item.h), with simdjson On-Demand.
//
// A body is one event object, an array of them, or {"events": [...]}. Every item is read on its
// own: a wrong type, an unknown field or a validation failure rejects that item only. The body
// as a whole fails (common::Error, errc::*) only when it cannot be read as JSON at all, nests too
// deep, is too large, holds too many items, or has the wrong overall shape. README.md has the
// field rules; in short:
//   - fields: event_id, event_type, user_id, target_user_id, timestamp, device_type,
//     source_channel, extra_data, also under their proto3 JSON names (eventId, userId…);
//   - a field that is null counts as absent; unknown fields and repeated fields are rejected;
//   - timestamp: integer epoch milliseconds, as a JSON number or a decimal string (proto3 JSON
//     writes int64 as a string); absent → server time;
//   - event_id absent → a new UUIDv7;
//   - extra_data: an object whose values are all strings.

#include "common/result.h"
#include "events/ingest_item.h"

#include <memory>
#include <string_view>

namespace tracker::events {

/// Parses JSON bodies. Keeps a simdjson parser and a padded copy buffer between calls (both grow
/// to the largest body seen, at most BodyLimits::max_body_bytes), so use one instance per thread;
/// an instance is not thread-safe.
class JsonEventParser {
 public:
  /// `context` supplies the catalogue, validation limits, id generator and clock.
  explicit JsonEventParser(IngestContext context, BodyLimits limits = {});
  ~JsonEventParser();

  JsonEventParser(const JsonEventParser&) = delete;
  JsonEventParser& operator=(const JsonEventParser&) = delete;

  /// Parses, defaults and validates every item of `body`. Never throws on any input (only
  /// std::bad_alloc can escape); the error names the byte offset for malformed JSON.
  common::Result<ParsedBody> parse(std::string_view body);

 private:
  struct Buffers;

  IngestContext context_;
  BodyLimits limits_;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace tracker::events
