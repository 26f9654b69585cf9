#pragma once

// The exponential back-off schedule shared by record retries and sink probes.

#include <chrono>

namespace tracker::event_consumer {

/// initial · 2^(attempt-1), capped at `max`.
struct BackoffPolicy {
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{10'000};

  /// The wait after failed attempt number `attempt` (1 = the first failure). Attempts below 1 count
  /// as 1. Never overflows: the doubling stops at `max`.
  std::chrono::milliseconds delayAfter(int attempt) const;
};

}  // namespace tracker::event_consumer
