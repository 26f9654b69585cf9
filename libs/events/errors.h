#pragma once

// Error codes of the events module.
//
// Two levels: a whole request body fails with a common::Error whose code is one of errc::*
// ("events.<reason>"), and the HTTP layer maps it to a status (table in README.md); an item of an
// otherwise readable body is rejected with one or more FieldErrors (validation.h) whose code is
// one of field_errc::* (no module prefix: these codes are part of the ingest API's answer).

#include <string_view>

namespace tracker::events::errc {

/// The body is not JSON (syntax, invalid UTF-8, unescaped control characters, trailing content,
/// empty body); the message names the byte offset. HTTP 400.
inline constexpr std::string_view kMalformedJson = "events.malformed_json";

/// The JSON nests deeper than BodyLimits::max_depth. HTTP 400.
inline constexpr std::string_view kTooDeep = "events.too_deep";

/// The body holds more events than BodyLimits::max_items; the message names the limit. HTTP 413.
inline constexpr std::string_view kTooManyItems = "events.too_many_items";

/// The body is larger than BodyLimits::max_body_bytes. HTTP 413.
inline constexpr std::string_view kBodyTooLarge = "events.body_too_large";

/// Readable, but not one event, an array of events or {"events":[...]} (for example a bare
/// number, or {"events": 5}), or a Protobuf batch with fields other than `events`. HTTP 400.
inline constexpr std::string_view kInvalidBodyShape = "events.invalid_body_shape";

/// The bytes are not a Protobuf UserBehaviorEvent / UserBehaviorEventBatch. HTTP 400.
inline constexpr std::string_view kMalformedProtobuf = "events.malformed_protobuf";

/// Catalogue configuration (an extra event type, a post type…) is unusable. Startup failure.
inline constexpr std::string_view kInvalidConfig = "events.invalid_config";

}  // namespace tracker::events::errc

namespace tracker::events::field_errc {

/// A required field is absent or empty.
inline constexpr std::string_view kMissingField = "missing_field";

/// A string is longer (in UTF-8 bytes) than its limit, or extra_data is larger in total.
inline constexpr std::string_view kTooLong = "too_long";

/// event_type is well-formed but not in the catalogue.
inline constexpr std::string_view kUnknownEventType = "unknown_event_type";

/// A value has the right type but the wrong shape (event_type not lower snake case, event_id
/// with whitespace, a control character or NUL in a string, a timestamp string that is not a
/// decimal integer, a Protobuf item that does not decode).
inline constexpr std::string_view kBadFormat = "bad_format";

/// The timestamp is older than ValidationLimits::max_age_ms or further ahead than
/// max_future_ms (or does not fit in 64 bits).
inline constexpr std::string_view kTimestampOutOfWindow = "timestamp_out_of_window";

/// extra_data has more entries than allowed.
inline constexpr std::string_view kTooManyEntries = "too_many_entries";

/// A string is not well-formed UTF-8 (Protobuf bodies; in JSON bodies this is malformed JSON).
inline constexpr std::string_view kInvalidUtf8 = "invalid_utf8";

/// The item has a field the schema does not know.
inline constexpr std::string_view kUnknownField = "unknown_field";

/// A field, an extra_data value or the item itself has the wrong JSON/Protobuf type.
inline constexpr std::string_view kWrongType = "wrong_type";

/// The same field (or extra_data key) appears twice in one item.
inline constexpr std::string_view kDuplicateField = "duplicate_field";

}  // namespace tracker::events::field_errc
