#include "response_json.h"

#include "common/utf8.h"

#include <cstdio>

namespace tracker::event_producer {
namespace {

void appendEscaped(std::string& out, std::string_view valid_utf8) {
  for (const char c : valid_utf8) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
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
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned char>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
}

void appendErrors(std::string& out, const std::vector<events::FieldError>& errors) {
  out += "\"errors\":[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"code\":";
    appendJsonString(out, errors[i].code);
    out += ",\"field\":";
    appendJsonString(out, errors[i].field);
    out += ",\"message\":";
    appendJsonString(out, errors[i].message);
    out += '}';
  }
  out += ']';
}

std::string_view statusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kAccepted:
      return "accepted";
    case ItemStatus::kRejected:
      return "rejected";
    case ItemStatus::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  while (true) {
    const auto bad = common::findInvalidUtf8(text);
    if (!bad) {
      appendEscaped(out, text);
      break;
    }
    appendEscaped(out, text.substr(0, *bad));
    out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    text.remove_prefix(*bad + 1);
  }
  out += '"';
}

std::string renderError(std::string_view code, std::string_view message) {
  std::string out = "{\"error\":{\"code\":";
  appendJsonString(out, code);
  out += ",\"message\":";
  appendJsonString(out, message);
  out += "}}";
  return out;
}

std::string renderAccepted(std::string_view event_id, std::int32_t partition, std::int64_t offset) {
  std::string out = "{\"event_id\":";
  appendJsonString(out, event_id);
  out +=
      ",\"partition\":" + std::to_string(partition) + ",\"offset\":" + std::to_string(offset) + "}";
  return out;
}

std::string renderInvalidEvent(std::string_view event_id,
                               const std::vector<events::FieldError>& errors) {
  const events::FieldError first =
      errors.empty() ? events::FieldError{"invalid_event", "", "the event is invalid"} : errors[0];
  std::string out = "{\"error\":{\"code\":";
  appendJsonString(out, first.code);
  out += ",\"message\":";
  appendJsonString(out, first.message);
  out += ",\"field\":";
  appendJsonString(out, first.field);
  if (!event_id.empty()) {
    out += ",\"event_id\":";
    appendJsonString(out, event_id);
  }
  out += ',';
  appendErrors(out, errors);
  out += "}}";
  return out;
}

std::string renderFailedEvent(std::string_view event_id, std::string_view code,
                              std::string_view message) {
  std::string out = "{\"error\":{\"code\":";
  appendJsonString(out, code);
  out += ",\"message\":";
  appendJsonString(out, message);
  out += ",\"event_id\":";
  appendJsonString(out, event_id);
  out += "}}";
  return out;
}

std::string renderBatch(const std::vector<ItemResult>& results) {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t failed = 0;
  for (const ItemResult& result : results) {
    if (result.status == ItemStatus::kAccepted) ++accepted;
    if (result.status == ItemStatus::kRejected) ++rejected;
    if (result.status == ItemStatus::kFailed) ++failed;
  }
  std::string out;
  out.reserve(64 + results.size() * 96);
  out += "{\"accepted\":" + std::to_string(accepted) + ",\"rejected\":" + std::to_string(rejected) +
         ",\"failed\":" + std::to_string(failed) + ",\"results\":[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ItemResult& result = results[i];
    if (i > 0) out += ',';
    out += "{\"index\":" + std::to_string(result.index);
    if (!result.event_id.empty()) {
      out += ",\"event_id\":";
      appendJsonString(out, result.event_id);
    }
    out += ",\"status\":\"";
    out += statusName(result.status);
    out += '"';
    if (result.status == ItemStatus::kAccepted) {
      out += ",\"partition\":" + std::to_string(result.partition) +
             ",\"offset\":" + std::to_string(result.offset);
    } else {
      out += ',';
      appendErrors(out, result.errors);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace tracker::event_producer
