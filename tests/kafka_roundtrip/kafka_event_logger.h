#pragma once

// Makes librdkafka's own view of trouble (broker down, fatal producer errors) visible on stderr,
// where the system test keeps it for diagnosis; stdout stays reserved for progress and the result.

#include <librdkafka/rdkafkacpp.h>

#include <string>

namespace tracker::kafka_roundtrip {

/// Event callback that writes client errors and warning-or-worse logs to stderr, prefixed with
/// the client role ("producer", "consumer").
class KafkaEventLogger final : public RdKafka::EventCb {
 public:
  /// `role` names the client in every line written.
  explicit KafkaEventLogger(std::string role);

  /// Called by librdkafka from poll()/consume() on the polling thread.
  void event_cb(RdKafka::Event& event) override;

 private:
  std::string role_;
};

}  // namespace tracker::kafka_roundtrip
