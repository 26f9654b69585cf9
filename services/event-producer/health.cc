#include "health.h"

namespace tracker::event_producer {

HealthState::HealthState()
    : schemas_error_("schemas not yet registered in the schema registry"),
      kafka_error_("Kafka topic metadata not yet known") {}

void HealthState::setSchemas(std::optional<std::string> error) {
  std::lock_guard lock(mutex_);
  schemas_error_ = std::move(error);
}

void HealthState::setKafka(std::optional<std::string> error) {
  std::lock_guard lock(mutex_);
  kafka_error_ = std::move(error);
}

void HealthState::setFatal(std::string error) {
  std::lock_guard lock(mutex_);
  fatal_error_ = std::move(error);
}

void HealthState::setShuttingDown() {
  std::lock_guard lock(mutex_);
  shutting_down_ = true;
}

bool HealthState::live() const {
  std::lock_guard lock(mutex_);
  return !fatal_error_;
}

std::vector<std::string> HealthState::notReadyReasons() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> reasons;
  if (shutting_down_) reasons.emplace_back("shutting down");
  if (fatal_error_) reasons.push_back("fatal Kafka producer error: " + *fatal_error_);
  if (schemas_error_) reasons.push_back(*schemas_error_);
  if (kafka_error_) reasons.push_back(*kafka_error_);
  return reasons;
}

std::optional<Unavailability> HealthState::ingestUnavailable() const {
  std::lock_guard lock(mutex_);
  if (shutting_down_)
    return Unavailability{ErrorCode::kShuttingDown, "the service is shutting down"};
  if (fatal_error_) {
    return Unavailability{ErrorCode::kKafkaUnavailable,
                          "fatal Kafka producer error: " + *fatal_error_};
  }
  if (schemas_error_) return Unavailability{ErrorCode::kNotReady, *schemas_error_};
  if (kafka_error_) return Unavailability{ErrorCode::kKafkaUnavailable, *kafka_error_};
  return std::nullopt;
}

bool HealthState::kafkaAvailable() const {
  std::lock_guard lock(mutex_);
  return !kafka_error_ && !fatal_error_;
}

}  // namespace tracker::event_producer
