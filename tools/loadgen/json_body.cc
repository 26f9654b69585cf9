#include "loadgen/json_body.h"

#include "common/json_string.h"

namespace tracker::loadgen {
namespace {

void appendField(std::string_view name, std::string_view value, std::string& out) {
  out += '"';
  out += name;
  out += "\":";
  common::appendJsonString(out, value);
  out += ',';
}

}  // namespace

void appendEventJson(const Event& event, std::string& out) {
  out += '{';
  if (!event.event_id.empty()) appendField("event_id", event.event_id, out);
  appendField("event_type", event.event_type, out);
  appendField("user_id", event.user_id, out);
  if (!event.target_user_id.empty()) appendField("target_user_id", event.target_user_id, out);
  out += "\"timestamp\":";
  out += std::to_string(event.timestamp_ms);
  out += ',';
  appendField("device_type", event.device_type, out);
  appendField("source_channel", event.source_channel, out);
  out += "\"extra_data\":{";
  bool first = true;
  for (const auto& [key, value] : event.extra_data) {
    if (!first) out += ',';
    first = false;
    common::appendJsonString(out, key);
    out += ':';
    common::appendJsonString(out, value);
  }
  out += "}}";
}

std::string encodeJsonBody(std::span<const Event> events, bool as_array) {
  std::string out;
  out.reserve(events.size() * 400);
  if (!as_array && !events.empty()) {
    appendEventJson(events[0], out);
    return out;
  }
  out += '[';
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ',';
    appendEventJson(events[i], out);
  }
  out += ']';
  return out;
}

}  // namespace tracker::loadgen
