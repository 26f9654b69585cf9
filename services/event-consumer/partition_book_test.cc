#include "partition_book.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

using Clock = std::chrono::steady_clock;
using Partitions = std::vector<std::int32_t>;

TEST(PartitionBookTest, OnlyAssignedPartitionsArePausedAndOnlyPausedOnesResumed) {
  PartitionBook book;
  book.assign(Partitions{0, 1, 2});
  EXPECT_EQ(book.markPaused(Partitions{1, 2, 7}), (Partitions{1, 2}));
  EXPECT_TRUE(book.paused(1));
  EXPECT_FALSE(book.paused(7));
  // 0 was never paused here: resuming it would make librdkafka refetch from an old position.
  EXPECT_EQ(book.markResumed(Partitions{0, 1}), (Partitions{1}));
  EXPECT_EQ(book.markResumed(Partitions{1}), Partitions{});
  EXPECT_TRUE(book.paused(2));
}

TEST(PartitionBookTest, DueRetriesAreTakenOnceAndOutageHeldPartitionsAreTheRest) {
  PartitionBook book;
  book.assign(Partitions{0, 1, 2});
  book.markPaused(Partitions{0, 1, 2});
  const auto now = Clock::now();
  book.resumeAt(0, now - std::chrono::milliseconds(1));
  book.resumeAt(1, now + std::chrono::hours(1));
  EXPECT_EQ(book.takeDueRetries(now), (Partitions{0}));
  EXPECT_EQ(book.takeDueRetries(now), Partitions{});
  // 0 is due (still paused until resumed), 1 waits for its back-off, 2 for an outage to end.
  EXPECT_EQ(book.pausedWithoutRetry(), (Partitions{0, 2}));
}

TEST(PartitionBookTest, AttemptsCountPerRecordAndAreClearedWhenFinished) {
  PartitionBook book;
  book.assign(Partitions{3});
  EXPECT_EQ(book.attempts(3, 10), 0);
  EXPECT_EQ(book.countAttempt(3, 10), 1);
  EXPECT_EQ(book.countAttempt(3, 10), 2);
  EXPECT_EQ(book.countAttempt(3, 11), 1);
  book.clearAttempts(3, 10);
  EXPECT_EQ(book.attempts(3, 10), 0);
  EXPECT_EQ(book.attempts(3, 11), 1);
}

TEST(PartitionBookTest, ForgettingAPartitionForgetsEverythingAboutIt) {
  PartitionBook book;
  book.assign(Partitions{0, 1});
  book.markPaused(Partitions{0});
  book.resumeAt(0, Clock::now());
  book.countAttempt(0, 5);
  book.setCommitted(0, 42);
  book.forget(Partitions{0});
  EXPECT_FALSE(book.assigned(0));
  EXPECT_EQ(book.find(0), nullptr);
  EXPECT_EQ(book.partitions(), (Partitions{1}));
  // Assigned again (say, after a rebalance): it starts clean.
  book.assign(Partitions{0});
  EXPECT_FALSE(book.paused(0));
  EXPECT_EQ(book.attempts(0, 5), 0);
  EXPECT_EQ(book.committed(0), std::nullopt);
  EXPECT_EQ(book.find(0)->resume_at, std::nullopt);
}

TEST(PartitionBookTest, UnassignedPartitionsAreIgnored) {
  PartitionBook book;
  book.setCommitted(9, 1);
  book.resumeAt(9, Clock::now());
  EXPECT_EQ(book.countAttempt(9, 1), 1);
  EXPECT_EQ(book.committed(9), std::nullopt);
  EXPECT_TRUE(book.partitions().empty());
}

TEST(PartitionBookTest, CommittedOffsetIsKeptPerPartition) {
  PartitionBook book;
  book.assign(Partitions{0, 1});
  book.setCommitted(1, 100);
  EXPECT_EQ(book.committed(0), std::nullopt);
  EXPECT_EQ(book.committed(1), 100);
  book.assign(Partitions{1});  // re-assigning keeps what is known
  EXPECT_EQ(book.committed(1), 100);
}

TEST(PartitionBookTest, RefusedCommitsAreOwedUntilACommitCoversThem) {
  PartitionBook book;
  book.assign(Partitions{0, 1});
  book.setUncommitted(0, 10);
  book.setUncommitted(1, 5);
  EXPECT_EQ(book.uncommitted(), (std::map<std::int32_t, std::int64_t>{{0, 10}, {1, 5}}));
  book.setCommitted(0, 12);  // a later commit covers it
  book.setCommitted(1, 4);   // an earlier one does not
  EXPECT_EQ(book.uncommitted(), (std::map<std::int32_t, std::int64_t>{{1, 5}}));
  book.forget(Partitions{1});  // given away: the new owner commits
  EXPECT_TRUE(book.uncommitted().empty());
}

}  // namespace
}  // namespace tracker::event_consumer
