#pragma once

// Per-client token buckets: each client may send `rate` events per second on average and up to
// `burst` at once. The set of clients is fixed at construction (the configured API keys, or one
// shared client when authentication is off), so memory does not grow with traffic.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_producer {

/// The time source of a RateLimiter; injected so tests decide what "now" is.
using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

/// What a RateLimiter decided about one request.
struct RateDecision {
  bool allowed = true;
  /// When refused: how long until the request's cost would be available (at least 1 second when
  /// rounded up for Retry-After).
  std::chrono::milliseconds retry_after{0};
};

/// Token buckets keyed by client. Thread-safe (one mutex; a few arithmetic operations inside).
class RateLimiter {
 public:
  /// `rate` tokens per second refill each bucket up to `burst`; buckets start full. A rate of 0
  /// disables limiting (every request is allowed). `clients` are the known client names; a name
  /// not among them is refused.
  RateLimiter(double rate, double burst, const std::vector<std::string>& clients,
              SteadyClock clock = std::chrono::steady_clock::now);

  /// Takes `cost` tokens from `client`'s bucket if it holds that many; otherwise takes nothing
  /// and says how long until it would. A cost above the burst is refused with the time to fill
  /// the bucket.
  RateDecision tryAcquire(std::string_view client, double cost);

  /// True when limiting is on.
  bool enabled() const { return rate_ > 0; }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };

  double rate_;
  double burst_;
  SteadyClock clock_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

/// Seconds for a Retry-After header: `wait` rounded up, at least 1.
std::int64_t retryAfterSeconds(std::chrono::milliseconds wait);

}  // namespace tracker::event_producer
