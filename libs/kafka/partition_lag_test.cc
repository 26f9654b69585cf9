#include "kafka/partition_lag.h"

#include <gtest/gtest.h>

namespace tracker::kafka {
namespace {

constexpr std::int64_t kInvalid = -1001;  // RD_KAFKA_OFFSET_INVALID

TEST(PartitionLagTest, HighWatermarkMinusCommitted) {
  EXPECT_EQ(partitionLag(40, 45, 50), 10);
  EXPECT_EQ(partitionLag(50, 50, 50), 0);
}

TEST(PartitionLagTest, CommittedWinsOverPosition) {
  // The position runs ahead of the commit while a batch is in flight: lag counts from the commit.
  EXPECT_EQ(partitionLag(10, 30, 50), 40);
}

TEST(PartitionLagTest, NoCommitYetCountsFromThePosition) {
  EXPECT_EQ(partitionLag(std::nullopt, 20, 50), 30);
  EXPECT_EQ(partitionLag(kInvalid, 20, 50), 30);
}

TEST(PartitionLagTest, UnknownWithoutCommitOrPosition) {
  EXPECT_EQ(partitionLag(std::nullopt, std::nullopt, 50), std::nullopt);
  EXPECT_EQ(partitionLag(kInvalid, kInvalid, 50), std::nullopt);
}

TEST(PartitionLagTest, UnknownWithoutHighWatermark) {
  EXPECT_EQ(partitionLag(10, 10, std::nullopt), std::nullopt);
  EXPECT_EQ(partitionLag(10, 10, -1), std::nullopt);
}

TEST(PartitionLagTest, EmptyPartitionHasNoLag) {
  EXPECT_EQ(partitionLag(std::nullopt, std::nullopt, 0), 0);
  EXPECT_EQ(partitionLag(kInvalid, kInvalid, 0), 0);
}

TEST(PartitionLagTest, NeverNegative) {
  // A high watermark read before the commit that passed it.
  EXPECT_EQ(partitionLag(60, 60, 50), 0);
}

}  // namespace
}  // namespace tracker::kafka
