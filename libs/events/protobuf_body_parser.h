#pragma once

// application/x-protobuf request bodies → items (ingest_item.h): a single
// events.UserBehaviorEvent, or an events.UserBehaviorEventBatch
// (proto/events/user_behavior_event_batch.proto). The HTTP layer tells which one it is (from the
// Content-Type's messageType parameter or the route); the bytes alone cannot.
//
// Items get the same defaults and validation as JSON items. Differences a client may notice,
// all forced by proto3: an empty string is "absent", timestamp 0 means "absent" (server time),
// and an item with invalid UTF-8 is rejected with invalid_utf8 instead of the whole body. Unknown
// field numbers are rejected (unknown_field, field "#<number>") like unknown JSON fields, so
// nothing a client sends is silently dropped.

#include "common/result.h"
#include "events/ingest_item.h"

#include <string_view>

namespace tracker::events {

/// Decodes `bytes` as one UserBehaviorEvent (`is_batch` false) or a UserBehaviorEventBatch
/// (`is_batch` true), then defaults and validates every item. Fails as a whole with
/// errc::kBodyTooLarge, kTooManyItems, kMalformedProtobuf (bytes that are not the message) or
/// kInvalidBodyShape (a batch with fields other than `events`); a malformed event inside a
/// well-formed batch only rejects that item (bad_format). Thread-safe (no state of its own).
common::Result<ParsedBody> parseProtobufBody(std::string_view bytes, bool is_batch,
                                             const IngestContext& context,
                                             const BodyLimits& limits = {});

}  // namespace tracker::events
