#include "rate_limiter.h"

#include <gtest/gtest.h>

namespace tracker::event_producer {
namespace {

using std::chrono::milliseconds;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  SteadyClock function() {
    return [this] { return now; };
  }
};

TEST(RateLimiterTest, DisabledAllowsEverything) {
  RateLimiter limiter(0, 0, {"a"});
  EXPECT_FALSE(limiter.enabled());
  EXPECT_TRUE(limiter.tryAcquire("a", 1e9).allowed);
  EXPECT_TRUE(limiter.tryAcquire("unknown", 1).allowed);
}

TEST(RateLimiterTest, StartsFullAndRefusesBeyondBurst) {
  FakeClock clock;
  RateLimiter limiter(10, 20, {"a"}, clock.function());
  EXPECT_TRUE(limiter.tryAcquire("a", 15).allowed);
  const RateDecision refused = limiter.tryAcquire("a", 10);
  EXPECT_FALSE(refused.allowed);
  // 5 tokens left, 10 needed: 5 more at 10/s = 500 ms.
  EXPECT_EQ(refused.retry_after, milliseconds(500));
  // A refusal takes nothing.
  EXPECT_TRUE(limiter.tryAcquire("a", 5).allowed);
}

TEST(RateLimiterTest, RefillsWithTimeUpToBurst) {
  FakeClock clock;
  RateLimiter limiter(10, 20, {"a"}, clock.function());
  ASSERT_TRUE(limiter.tryAcquire("a", 20).allowed);
  EXPECT_FALSE(limiter.tryAcquire("a", 1).allowed);
  clock.now += milliseconds(500);
  EXPECT_TRUE(limiter.tryAcquire("a", 5).allowed);
  EXPECT_FALSE(limiter.tryAcquire("a", 1).allowed);
  clock.now += std::chrono::hours(1);  // refill stops at the burst
  EXPECT_TRUE(limiter.tryAcquire("a", 20).allowed);
  EXPECT_FALSE(limiter.tryAcquire("a", 1).allowed);
}

TEST(RateLimiterTest, ClientsHaveTheirOwnBuckets) {
  FakeClock clock;
  RateLimiter limiter(1, 5, {"a", "b"}, clock.function());
  EXPECT_TRUE(limiter.tryAcquire("a", 5).allowed);
  EXPECT_FALSE(limiter.tryAcquire("a", 1).allowed);
  EXPECT_TRUE(limiter.tryAcquire("b", 5).allowed);
}

TEST(RateLimiterTest, UnknownClientIsRefused) {
  RateLimiter limiter(10, 10, {"a"});
  EXPECT_FALSE(limiter.tryAcquire("b", 1).allowed);
}

TEST(RateLimiterTest, BurstIsAtLeastTheRate) {
  FakeClock clock;
  RateLimiter limiter(100, 1, {"a"}, clock.function());
  EXPECT_TRUE(limiter.tryAcquire("a", 100).allowed);
}

TEST(RateLimiterTest, CostAboveBurstWaitsForAFullBucket) {
  FakeClock clock;
  RateLimiter limiter(10, 20, {"a"}, clock.function());
  ASSERT_TRUE(limiter.tryAcquire("a", 20).allowed);
  const RateDecision refused = limiter.tryAcquire("a", 50);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, milliseconds(2000));
}

TEST(RateLimiterTest, RetryAfterSecondsRoundsUpToAtLeastOne) {
  EXPECT_EQ(retryAfterSeconds(milliseconds(0)), 1);
  EXPECT_EQ(retryAfterSeconds(milliseconds(1)), 1);
  EXPECT_EQ(retryAfterSeconds(milliseconds(1000)), 1);
  EXPECT_EQ(retryAfterSeconds(milliseconds(1001)), 2);
}

}  // namespace
}  // namespace tracker::event_producer
