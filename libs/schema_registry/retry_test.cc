#include "schema_registry/retry.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry {
namespace {

using std::chrono::milliseconds;

TEST(RetryTest, RetriableStatuses) {
  for (int status : {408, 429, 500, 502, 503, 504})
    EXPECT_TRUE(isRetriableStatus(status)) << status;
  for (int status : {200, 400, 401, 403, 404, 409, 422}) {
    EXPECT_FALSE(isRetriableStatus(status)) << status;
  }
}

TEST(RetryTest, BackoffDoublesUpToTheCap) {
  const RetryPolicy policy{.max_attempts = 10,
                           .initial_delay = milliseconds(100),
                           .max_delay = milliseconds(1'000),
                           .multiplier = 2.0,
                           .jitter = 0.0};
  EXPECT_EQ(backoffDelay(policy, 1, 0.5), milliseconds(100));
  EXPECT_EQ(backoffDelay(policy, 2, 0.5), milliseconds(200));
  EXPECT_EQ(backoffDelay(policy, 3, 0.5), milliseconds(400));
  EXPECT_EQ(backoffDelay(policy, 4, 0.5), milliseconds(800));
  EXPECT_EQ(backoffDelay(policy, 5, 0.5), milliseconds(1'000));
  EXPECT_EQ(backoffDelay(policy, 1'000, 0.5), milliseconds(1'000));
}

TEST(RetryTest, JitterStaysWithinItsBandAndTheCap) {
  const RetryPolicy policy{.max_attempts = 4,
                           .initial_delay = milliseconds(100),
                           .max_delay = milliseconds(150),
                           .multiplier = 2.0,
                           .jitter = 0.2};
  EXPECT_EQ(backoffDelay(policy, 1, 0.0), milliseconds(80));
  EXPECT_EQ(backoffDelay(policy, 1, 0.5), milliseconds(100));
  EXPECT_EQ(backoffDelay(policy, 1, 0.999), milliseconds(119));
  EXPECT_EQ(backoffDelay(policy, 2, 0.999), milliseconds(150));  // 200 * 1.2 capped.
  EXPECT_EQ(backoffDelay(policy, 2, 0.0), milliseconds(120));    // cap 150 * 0.8.
}

}  // namespace
}  // namespace tracker::schema_registry
