#pragma once

// Dead letters decoded through the registry, as far as they decode: the facts stored for the
// filters (user, type, event id) and the key and event shown in the detail view as JSON. A value
// that does not decode is not an error here: it is why many dead letters exist, and its reason is
// shown instead.

#include "dead_letter_store.h"
#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "schema_registry/schema_source.h"
#include "serde/deserializer.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace tracker::event_dlt_monitor {

/// Thread-safe (the deserializers are).
class EventView {
 public:
  explicit EventView(std::shared_ptr<schema_registry::SchemaSource> registry);

  /// user_id, event_type and event_id of `value` when it decodes; empty otherwise.
  EventFacts facts(const std::optional<std::string>& value);

  /// {"key": {…} | null, "key_decode_error"?: "…", "event": {…} | null, "decode_error"?: "…"}:
  /// the messages as Protobuf's JSON mapping with the .proto field names.
  nlohmann::json describe(const std::optional<std::string>& key,
                          const std::optional<std::string>& value);

 private:
  serde::Deserializer<::events::UserBehaviorKey> keys_;
  serde::Deserializer<::events::UserBehaviorEvent> events_;
};

}  // namespace tracker::event_dlt_monitor
