#pragma once

// Encodes events as the ingest API's JSON bodies. Hand-written rather than through a DOM library:
// the load generator encodes tens of thousands of events per second on the sending thread. String
// literals are written by common::appendJsonString, as the services write theirs.

#include "loadgen/event.h"

#include <span>
#include <string>
#include <string_view>

namespace tracker::loadgen {

/// Appends one event as a JSON object. Empty event_id and target_user_id are left out (the
/// service treats absent and empty alike); extra_data is always an object.
void appendEventJson(const Event& event, std::string& out);

/// The body of one request: a JSON array of the events when `as_array`, else the single object
/// of `events[0]` (exactly one event expected).
std::string encodeJsonBody(std::span<const Event> events, bool as_array);

}  // namespace tracker::loadgen
