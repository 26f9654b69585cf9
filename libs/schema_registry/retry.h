#pragma once

// When and how long to wait before repeating a registry request that failed transiently.

#include <chrono>

namespace tracker::schema_registry {

/// Exponential back-off with jitter. Every registry operation is safe to repeat (register and
/// lookup are idempotent; a repeated soft delete may answer 40404 when the first one landed).
struct RetryPolicy {
  /// Attempts in total, the first included; 1 disables retries.
  int max_attempts = 4;
  /// Wait before the first retry.
  std::chrono::milliseconds initial_delay{100};
  /// No wait is longer than this, jitter included.
  std::chrono::milliseconds max_delay{2'000};
  /// Growth factor of the wait from one retry to the next.
  double multiplier = 2.0;
  /// Each wait is scaled by a random factor in [1 - jitter, 1 + jitter], so that clients that
  /// failed together do not retry in lockstep. 0 disables jitter.
  double jitter = 0.2;
};

/// True for HTTP statuses worth retrying: 408, 429 and every 5xx. Other 4xx are final.
bool isRetriableStatus(int status);

/// The wait before retry number `retry` (1 for the first retry):
/// min(max_delay, initial_delay * multiplier^(retry-1) * (1 - jitter + 2 * jitter * random_unit)).
/// `random_unit` is a uniform draw from [0, 1); passing it in keeps this function pure.
std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int retry, double random_unit);

}  // namespace tracker::schema_registry
