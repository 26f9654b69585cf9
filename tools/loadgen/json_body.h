#pragma once

// Encodes events as the ingest API's JSON bodies. Hand-written rather than through a DOM library:
// the load generator encodes tens of thousands of events per second on the sending thread.

#include "loadgen/event.h"

#include <span>
#include <string>
#include <string_view>

namespace tracker::loadgen {

/// Appends `text` as a JSON string literal (quotes included). Escapes '"', '\\' and every control
/// character below 0x20 (\n, \t, \r, \b, \f by name, others as \u00XX); other bytes, UTF-8
/// sequences included, pass through unchanged (the generator only produces valid UTF-8).
void appendJsonString(std::string_view text, std::string& out);

/// Appends one event as a JSON object. Empty event_id and target_user_id are left out (the
/// service treats absent and empty alike); extra_data is always an object.
void appendEventJson(const Event& event, std::string& out);

/// The body of one request: a JSON array of the events when `as_array`, else the single object
/// of `events[0]` (exactly one event expected).
std::string encodeJsonBody(std::span<const Event> events, bool as_array);

}  // namespace tracker::loadgen
