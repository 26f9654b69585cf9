#include "event_view.h"

#include <google/protobuf/util/json_util.h>

namespace tracker::event_dlt_monitor {
namespace {

nlohmann::json asJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok()) return nullptr;
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

template <typename Deserializer>
void describeOne(Deserializer& deserializer, const std::optional<std::string>& bytes,
                 nlohmann::json& out, const char* field, const char* error_field) {
  out[field] = nullptr;
  if (!bytes) {
    out[error_field] = "absent (null)";
    return;
  }
  auto decoded = deserializer.deserialize(*bytes);
  if (!decoded) {
    out[error_field] = decoded.error().code + ": " + decoded.error().message;
    return;
  }
  out[field] = asJson(decoded->message);
}

}  // namespace

EventView::EventView(std::shared_ptr<schema_registry::SchemaSource> registry)
    : keys_(registry), events_(std::move(registry)) {}

EventFacts EventView::facts(const std::optional<std::string>& value) {
  if (!value) return {};
  auto decoded = events_.deserialize(*value);
  if (!decoded) return {};
  const auto& event = decoded->message;
  return {event.user_id(), event.event_type(), event.event_id()};
}

nlohmann::json EventView::describe(const std::optional<std::string>& key,
                                   const std::optional<std::string>& value) {
  nlohmann::json out = nlohmann::json::object();
  describeOne(keys_, key, out, "key", "key_decode_error");
  describeOne(events_, value, out, "event", "decode_error");
  return out;
}

}  // namespace tracker::event_dlt_monitor
