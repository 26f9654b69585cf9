#include "schema_registration.h"

#include "schema_registry/errors.h"

#include <algorithm>
#include <iostream>

namespace tracker::event_producer {

SchemaRegistration::SchemaRegistration(std::string topic, bool auto_register,
                                       serde::ProtobufSerializer& key_serializer,
                                       serde::ProtobufSerializer& value_serializer,
                                       HealthState& health)
    : topic_(std::move(topic)),
      auto_register_(auto_register),
      key_serializer_(key_serializer),
      value_serializer_(value_serializer),
      health_(health),
      thread_([this] { run(); }) {}

SchemaRegistration::~SchemaRegistration() { stop(); }

void SchemaRegistration::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string SchemaRegistration::attempt() {
  const struct {
    const char* role;
    serde::ProtobufSerializer& serializer;
  } schemas[] = {{"key", key_serializer_}, {"value", value_serializer_}};
  for (const auto& schema : schemas) {
    auto id = schema.serializer.schemaId(topic_);
    if (id) continue;
    const std::string subject = topic_ + "-" + schema.role;
    const int number = schema_registry::errc::registryErrorNumber(id.error()).value_or(0);
    std::string what;
    if (number == 40901) {
      what = "the " + std::string(schema.role) + " schema is incompatible with subject " + subject;
    } else if ((number == 40401 || number == 40403) && !auto_register_) {
      what = "the " + std::string(schema.role) + " schema is not registered under subject " +
             subject + " and TRACKER_PRODUCER_AUTO_REGISTER is false";
    } else if (schema_registry::errc::isTransient(id.error())) {
      what = "schema registry unreachable while resolving subject " + subject;
    } else {
      what = "cannot resolve the " + std::string(schema.role) + " schema under subject " + subject;
    }
    return what + " (" + id.error().toString() + ")";
  }
  return {};
}

void SchemaRegistration::run() {
  std::chrono::milliseconds backoff(1000);
  std::string last_reason;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    const std::string reason = attempt();
    lock.lock();
    if (reason.empty()) {
      health_.setSchemas(std::nullopt);
      std::cout << "event-producer: key and value schemas of " << topic_ << " resolved"
                << std::endl;
      return;
    }
    health_.setSchemas(reason);
    if (reason != last_reason) std::cerr << "event-producer: not ready: " << reason << std::endl;
    last_reason = reason;
    wakeup_.wait_for(lock, backoff, [this] { return stop_; });
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(30));
  }
}

}  // namespace tracker::event_producer
