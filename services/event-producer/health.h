#pragma once

// Liveness and readiness of the service, fed by the components that know: schema registration,
// the Kafka sink (metadata, broker availability, fatal producer errors) and shutdown. Readiness
// is the conjunction of every condition; each unmet one has a reason a human can act on.

#include "errors.h"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_producer {

/// Why the service cannot take events right now, as the ingest path answers it (503).
struct Unavailability {
  /// kNotReady, kKafkaUnavailable, kShuttingDown or kQueueFull.
  ErrorCode code = ErrorCode::kNotReady;
  std::string message;
};

/// Thread-safe health state. Starts not ready: schemas unresolved, Kafka metadata unknown.
class HealthState {
 public:
  HealthState();

  /// Schemas registered (or found): `error` empty. Otherwise why not (e.g. incompatible, registry
  /// unreachable).
  void setSchemas(std::optional<std::string> error);
  /// Kafka usable (metadata known, a broker reachable): `error` empty. Otherwise why not.
  void setKafka(std::optional<std::string> error);
  /// The producer hit a fatal error (idempotence broken); the process must be restarted.
  void setFatal(std::string error);
  /// Shutdown has begun: no new events are taken.
  void setShuttingDown();

  /// True when the process is worth keeping (no fatal producer error).
  bool live() const;
  /// The reasons the service is not ready; empty when ready.
  std::vector<std::string> notReadyReasons() const;
  /// Why POST /api/events must answer 503 now, or nullopt when it may take events.
  std::optional<Unavailability> ingestUnavailable() const;
  /// True when Kafka is currently usable (for the sink's fast path).
  bool kafkaAvailable() const;

 private:
  mutable std::mutex mutex_;
  std::optional<std::string> schemas_error_;
  std::optional<std::string> kafka_error_;
  std::optional<std::string> fatal_error_;
  bool shutting_down_ = false;
};

}  // namespace tracker::event_producer
