#pragma once

// Registers (or, with auto-registration off, looks up) the key and value schemas of the topic in
// the background until both ids are known, publishing progress to HealthState. Until then the
// service is not ready and POST /api/events answers 503, so no request thread ever waits for the
// registry.

#include "health.h"
#include "serde/serializer.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace tracker::event_producer {

/// The background registration task. Retries with exponential back-off (1 s doubling to 30 s)
/// on every failure: a registry that is down may come back, and an incompatible or missing
/// schema may be fixed by an operator; readiness shows the reason meanwhile.
class SchemaRegistration {
 public:
  /// Starts the task. Everything referenced must outlive this object.
  SchemaRegistration(std::string topic, bool auto_register,
                     serde::ProtobufSerializer& key_serializer,
                     serde::ProtobufSerializer& value_serializer, HealthState& health);
  /// stop().
  ~SchemaRegistration();

  SchemaRegistration(const SchemaRegistration&) = delete;
  SchemaRegistration& operator=(const SchemaRegistration&) = delete;

  /// Ends the task (waiting for a registry call in progress) and joins it. Idempotent.
  void stop();

 private:
  void run();
  // One attempt; returns the reason for not being ready, or empty when both ids are known.
  std::string attempt();

  std::string topic_;
  bool auto_register_;
  serde::ProtobufSerializer& key_serializer_;
  serde::ProtobufSerializer& value_serializer_;
  HealthState& health_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tracker::event_producer
