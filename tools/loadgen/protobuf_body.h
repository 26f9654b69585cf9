#pragma once

// Encodes events as the ingest API's Protobuf bodies (Content-Type application/x-protobuf).

#include "events/user_behavior_event.pb.h"
#include "loadgen/event.h"

#include <span>
#include <string>

namespace tracker::loadgen {

/// Copies `event` into the generated message (empty strings are proto3 defaults either way).
void toProto(const Event& event, ::events::UserBehaviorEvent& message);

/// A serialized events.UserBehaviorEvent (exactly one event: POST /api/events).
std::string encodeProtobufEvent(const Event& event);

/// A serialized events.UserBehaviorEventBatch (Content-Type application/x-protobuf;
/// messageType=events.UserBehaviorEventBatch).
std::string encodeProtobufBatch(std::span<const Event> events);

}  // namespace tracker::loadgen
