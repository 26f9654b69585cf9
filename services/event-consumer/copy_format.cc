#include "copy_format.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

void appendNullable(std::string& out, std::string_view text) {
  if (text.empty()) {
    out += "\\N";
  } else {
    appendCopyField(out, text);
  }
}

}  // namespace

void appendCopyField(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\v':
        out += "\\v";
        break;
      default:
        out += c;
    }
  }
}

std::string extraDataJson(const ::events::UserBehaviorEvent& event) {
  nlohmann::json object = nlohmann::json::object();  // std::map underneath: sorted keys
  for (const auto& [key, value] : event.extra_data()) object[key] = value;
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void appendCopyRow(std::string& out, const DecodedEvent& decoded) {
  const auto& event = decoded.event;
  appendCopyField(out, event.event_id());
  out += '\t';
  appendCopyField(out, event.event_type());
  out += '\t';
  appendCopyField(out, event.user_id());
  out += '\t';
  appendNullable(out, event.target_user_id());
  out += '\t';
  out += std::to_string(event.timestamp());
  out += '\t';
  appendNullable(out, event.device_type());
  out += '\t';
  appendNullable(out, event.source_channel());
  out += '\t';
  appendCopyField(out, extraDataJson(event));
  out += '\t';
  out += std::to_string(decoded.partition);
  out += '\t';
  out += std::to_string(decoded.offset);
  out += '\t';
  out += std::to_string(decoded.schema_id);
  out += '\n';
}

}  // namespace tracker::event_consumer
