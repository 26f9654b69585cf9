#include "common/signals.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <csignal>

namespace tracker::common {
namespace {

// Restores the thread's signal mask, so the blocked signals do not leak into other tests.
class SignalsTest : public ::testing::Test {
 protected:
  void SetUp() override { pthread_sigmask(SIG_SETMASK, nullptr, &saved_mask_); }
  void TearDown() override { pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr); }

 private:
  sigset_t saved_mask_{};
};

TEST_F(SignalsTest, BlockedStopSignalsStayPendingUntilWaitedFor) {
  blockStopSignals();
  sigset_t mask;
  pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  EXPECT_EQ(sigismember(&mask, SIGINT), 1);
  EXPECT_EQ(sigismember(&mask, SIGTERM), 1);

  // Blocked, the signal does not kill the test process; it waits to be collected.
  ASSERT_EQ(raise(SIGTERM), 0);
  EXPECT_EQ(waitForStopSignal(), SIGTERM);
  ASSERT_EQ(raise(SIGINT), 0);
  EXPECT_EQ(waitForStopSignal(), SIGINT);
}

}  // namespace
}  // namespace tracker::common
