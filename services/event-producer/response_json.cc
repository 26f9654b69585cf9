#include "response_json.h"

#include "common/json_string.h"

namespace tracker::event_producer {
namespace {

using common::appendJsonString;

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
