#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace tracker::event_producer {

RateLimiter::RateLimiter(double rate, double burst, const std::vector<std::string>& clients,
                         SteadyClock clock)
    : rate_(rate), burst_(std::max(burst, rate)), clock_(std::move(clock)) {
  const auto now = clock_();
  for (const std::string& client : clients) buckets_[client] = Bucket{burst_, now};
}

RateDecision RateLimiter::tryAcquire(std::string_view client, double cost) {
  if (rate_ <= 0) return {};
  std::lock_guard lock(mutex_);
  const auto found = buckets_.find(client);
  if (found == buckets_.end()) return RateDecision{false, std::chrono::seconds(1)};
  Bucket& bucket = found->second;
  const auto now = clock_();
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.updated = now;
  }
  if (cost <= bucket.tokens) {
    bucket.tokens -= cost;
    return {};
  }
  // A cost above the burst can never be paid at once; the wait shown is for a full bucket.
  const double missing = std::min(cost, burst_) - bucket.tokens;
  const auto wait = std::chrono::milliseconds(
      static_cast<std::int64_t>(std::ceil(std::max(missing, 0.0) / rate_ * 1000.0)));
  return RateDecision{false, wait};
}

std::int64_t retryAfterSeconds(std::chrono::milliseconds wait) {
  const std::int64_t seconds = (wait.count() + 999) / 1000;
  return std::max<std::int64_t>(1, seconds);
}

}  // namespace tracker::event_producer
