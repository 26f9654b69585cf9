#pragma once

// Which body format a POST /api/events request carries, decided from its Content-Type:
//   application/json                                         → JSON (one event, array, wrapper)
//   application/x-protobuf (or application/protobuf)         → one events.UserBehaviorEvent
//   application/x-protobuf; messageType=events.UserBehaviorEventBatch → a batch
// A `messageType` of events.UserBehaviorEvent is the single form spelled out. Anything else is 415.

#include "common/result.h"

#include <optional>
#include <string_view>

namespace tracker::event_producer {

/// The body formats POST /api/events accepts.
enum class BodyFormat { kJson, kProtobufEvent, kProtobufBatch };

/// The Protobuf message names accepted in the messageType parameter.
inline constexpr std::string_view kEventMessageType = "events.UserBehaviorEvent";
inline constexpr std::string_view kBatchMessageType = "events.UserBehaviorEventBatch";

/// Error code for a missing or unsupported Content-Type (HTTP 415).
inline constexpr std::string_view kUnsupportedMediaType = "unsupported_media_type";

/// Classifies a Content-Type header value (nullopt = header absent). Media type and parameter
/// names compare case-insensitively, parameter values may be quoted. For JSON a `charset` other
/// than utf-8 is refused (the parsers read UTF-8 only). Fails with kUnsupportedMediaType and a
/// message listing what is accepted.
common::Result<BodyFormat> classifyContentType(std::optional<std::string_view> content_type);

}  // namespace tracker::event_producer
