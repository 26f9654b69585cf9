#include "backoff.h"

#include <algorithm>

namespace tracker::event_consumer {

std::chrono::milliseconds BackoffPolicy::delayAfter(int attempt) const {
  auto delay = std::max(initial, std::chrono::milliseconds(0));
  for (int i = 1; i < attempt && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

}  // namespace tracker::event_consumer
