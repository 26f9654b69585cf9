#pragma once

// What the ingest path makes of a request body, whatever its format: a list of items, each an
// event ready to produce or the reasons it was rejected. Shared by the JSON and Protobuf parsers,
// which both end every item with completeItem() so that defaults and validation are the same.

#include "events/catalogue.h"
#include "events/clock.h"
#include "events/user_behavior_event.pb.h"
#include "events/uuid_v7.h"
#include "events/validation.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::events {

/// One element of a request body.
struct IngestItem {
  /// Position in the body (0 for a single event).
  std::size_t index = 0;
  /// The event with defaults filled in. For a rejected item: the fields that could be read as
  /// the client sent them (event_id only if the client sent one), for echoing in the answer.
  ::events::UserBehaviorEvent event;
  /// Why the item is rejected; empty when it is accepted.
  std::vector<FieldError> errors;

  /// True when the event may be produced.
  bool accepted() const { return errors.empty(); }
};

/// Errors recorded per item, parse and validation together; the rest are dropped (and a Protobuf
/// scan stops), so a body of a million unknown fields costs no more memory than its bytes and
/// the per-item answer stays short.
inline constexpr std::size_t kMaxErrorsPerItem = 32;

/// Records a parse error unless the item already has kMaxErrorsPerItem; false when it had.
bool addParseError(IngestItem& item, std::string_view code, std::string field, std::string message);

/// A request body turned into items.
struct ParsedBody {
  /// In body order; every item of the body is here, accepted or not.
  std::vector<IngestItem> items;
  /// True when the body was a list (JSON array, {"events":[...]}, Protobuf batch): the answer is
  /// per item. False for a single event.
  bool batch = false;
};

/// Bounds on a whole body, enforced before or while reading it.
struct BodyLimits {
  /// Larger bodies fail with errc::kBodyTooLarge without being read.
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  /// More events fail the whole body with errc::kTooManyItems.
  std::size_t max_items = 500;
  /// Deeper JSON nesting fails with errc::kTooDeep; {"events":[{"extra_data":{}}]} needs 4.
  std::size_t max_depth = 16;
};

/// What turning items into events needs besides the bytes. The referenced objects must outlive
/// every parser using the context; both are safe to share between threads.
struct IngestContext {
  /// Accepted event types and their properties.
  const Catalogue& catalogue;
  /// Limits every item is validated against.
  ValidationLimits validation;
  /// Assigns event_id to events that come without one.
  UuidV7Generator& ids;
  /// The server time: the default timestamp and the reference of the timestamp window.
  MillisClock clock;
};

/// Finishes a parsed item: unless parsing already rejected the item as a whole (an error with an
/// empty field), fills event_id (a new UUIDv7) and timestamp (`now_ms`) when absent, validates,
/// and adds the validation errors of fields that parsing has not already reported. If the item
/// ends up rejected, an event_id assigned here is removed again. `timestamp_present` says whether
/// the client sent a timestamp (JSON: present and not null; Protobuf: non-zero).
void completeItem(IngestItem& item, const IngestContext& context, std::int64_t now_ms,
                  bool timestamp_present);

}  // namespace tracker::events
