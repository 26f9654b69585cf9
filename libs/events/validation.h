#pragma once

// The rules an event must satisfy before it is produced to Kafka, whatever format it came in.
// Everything checked here would otherwise fail later and further away: PostgreSQL rejects NUL in
// text and jsonb, the search index rejects oversized or malformed documents, and an unbounded
// extra_data would let one client fill the topic. README.md lists every rule.

#include "events/catalogue.h"
#include "events/user_behavior_event.pb.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tracker::events {

/// Limits checked by validateEvent; the defaults suit the ingest API. Sizes are UTF-8 bytes.
struct ValidationLimits {
  /// event_id, user_id, target_user_id.
  std::size_t max_id_bytes = 128;
  /// event_type (which must also be lower snake case and in the catalogue).
  std::size_t max_event_type_bytes = kMaxEventTypeBytes;
  /// device_type, source_channel.
  std::size_t max_label_bytes = 64;
  /// Number of extra_data entries.
  std::size_t max_extra_entries = 64;
  /// One extra_data key.
  std::size_t max_extra_key_bytes = 128;
  /// One extra_data value.
  std::size_t max_extra_value_bytes = 8 * 1024;
  /// All extra_data keys and values together.
  std::size_t max_extra_total_bytes = 32 * 1024;
  /// How far in the past a timestamp may lie (7 days: older events are backfills, not tracking).
  std::int64_t max_age_ms = 7LL * 24 * 60 * 60 * 1000;
  /// How far in the future a timestamp may lie (5 minutes of client clock skew).
  std::int64_t max_future_ms = 5LL * 60 * 1000;
};

/// One reason an item was rejected.
struct FieldError {
  /// Stable machine code, one of field_errc::* (errors.h).
  std::string code;
  /// The field: "user_id", "extra_data.title", "extra_data" (a key too bad to echo or the map as
  /// a whole); empty for the item as a whole. Always valid UTF-8.
  std::string field;
  /// For humans; never echoes more than a short, valid-UTF-8 prefix of client data.
  std::string message;

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

/// Checks `event` against `limits` and `catalogue` with `now_ms` as the current Unix time in
/// milliseconds. Returns every problem found (empty = valid), in field order, extra_data entries
/// sorted by key, so a client can fix an event in one round trip. Work is bounded: with too many
/// extra_data entries the entries themselves are not inspected.
std::vector<FieldError> validateEvent(const ::events::UserBehaviorEvent& event,
                                      const ValidationLimits& limits, const Catalogue& catalogue,
                                      std::int64_t now_ms);

}  // namespace tracker::events
