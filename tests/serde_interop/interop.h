#pragma once

// The two directions of the serde interop check; each prints one JSON line per record on stdout.

#include "schema_registry/client.h"

#include <google/protobuf/message.h>

#include <memory>
#include <string>

namespace tracker::serde_interop {

/// Command-line settings shared by both directions.
struct InteropOptions {
  std::string bootstrap;
  std::string registry_url;
  std::string topic;
  int count = 10;
  int timeout_s = 60;
  /// Message indexes as plain varints (Python clients before 1.8.2).
  bool deprecated_format = false;
};

/// Writes `count` events (key UserBehaviorKey, value UserBehaviorEvent) with our serializers and
/// prints each as {"key_user_id":..., "event":{...}}. Returns the process exit code.
int produceEvents(const InteropOptions& options, std::shared_ptr<schema_registry::Client> registry);

/// Reads `count` records from the start of the topic with our deserializers and prints each as
/// {"ok":true,"partition":..,"offset":..,"key_user_id":..,"event":{...}} or
/// {"ok":false,...,"error":code,"message":...}. Returns the process exit code.
int consumeEvents(const InteropOptions& options, std::shared_ptr<schema_registry::Client> registry);

/// proto3 JSON of a message with the .proto field names (int64 as strings, as the JSON mapping
/// says).
std::string toJson(const google::protobuf::Message& message);

}  // namespace tracker::serde_interop
