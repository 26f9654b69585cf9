#include "backoff.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

using std::chrono::milliseconds;

TEST(BackoffPolicyTest, DoublesFromInitialUpToMax) {
  const BackoffPolicy policy{milliseconds(100), milliseconds(1'000)};
  EXPECT_EQ(policy.delayAfter(1), milliseconds(100));
  EXPECT_EQ(policy.delayAfter(2), milliseconds(200));
  EXPECT_EQ(policy.delayAfter(3), milliseconds(400));
  EXPECT_EQ(policy.delayAfter(4), milliseconds(800));
  EXPECT_EQ(policy.delayAfter(5), milliseconds(1'000));
  EXPECT_EQ(policy.delayAfter(1'000'000), milliseconds(1'000));
}

TEST(BackoffPolicyTest, AttemptsBelowOneCountAsTheFirst) {
  const BackoffPolicy policy{milliseconds(50), milliseconds(60)};
  EXPECT_EQ(policy.delayAfter(0), milliseconds(50));
  EXPECT_EQ(policy.delayAfter(-3), milliseconds(50));
  EXPECT_EQ(policy.delayAfter(2), milliseconds(60));
}

}  // namespace
}  // namespace tracker::event_consumer
