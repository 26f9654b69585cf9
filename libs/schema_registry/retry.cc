#include "schema_registry/retry.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tracker::schema_registry {

bool isRetriableStatus(int status) { return status == 408 || status == 429 || status >= 500; }

std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int retry, double random_unit) {
  const double max_millis = static_cast<double>(policy.max_delay.count());
  // Capping the exponent's result before jitter keeps huge retry numbers from overflowing.
  const double exponential =
      std::min(max_millis, static_cast<double>(policy.initial_delay.count()) *
                               std::pow(policy.multiplier, std::max(0, retry - 1)));
  const double unit = std::clamp(random_unit, 0.0, 1.0);
  const double factor = 1.0 - policy.jitter + 2.0 * policy.jitter * unit;
  const double millis = std::clamp(exponential * factor, 0.0, max_millis);
  return std::chrono::milliseconds(static_cast<std::int64_t>(millis));
}

}  // namespace tracker::schema_registry
