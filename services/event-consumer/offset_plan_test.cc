#include "offset_plan.h"

#include <gtest/gtest.h>

#include <vector>

namespace tracker::event_consumer {
namespace {

constexpr auto kDone = Disposition::kDone;
constexpr auto kPending = Disposition::kPending;

TEST(PlanPartitionsTest, AllDoneCommitsPastTheLastRecord) {
  const std::vector<RecordState> records = {{0, 10, kDone}, {0, 11, kDone}, {0, 12, kDone}};
  const auto plans = planPartitions(records);
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans.at(0), (PartitionPlan{13, std::nullopt}));
}

TEST(PlanPartitionsTest, NeverCommitsPastAnUnfinishedRecord) {
  // 12 is done but 11 is not: committing 13 would lose 11 on a restart.
  const std::vector<RecordState> records = {{0, 10, kDone}, {0, 11, kPending}, {0, 12, kDone}};
  EXPECT_EQ(planPartitions(records).at(0), (PartitionPlan{11, 11}));
}

TEST(PlanPartitionsTest, FirstRecordUnfinishedCommitsNothing) {
  const std::vector<RecordState> records = {{3, 7, kPending}, {3, 8, kDone}};
  EXPECT_EQ(planPartitions(records).at(3), (PartitionPlan{std::nullopt, 7}));
}

TEST(PlanPartitionsTest, PartitionsAreIndependent) {
  const std::vector<RecordState> records = {
      {0, 5, kDone}, {1, 100, kPending}, {0, 6, kDone}, {2, 40, kDone}, {1, 101, kDone}};
  const auto plans = planPartitions(records);
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_EQ(plans.at(0), (PartitionPlan{7, std::nullopt}));
  EXPECT_EQ(plans.at(1), (PartitionPlan{std::nullopt, 100}));
  EXPECT_EQ(plans.at(2), (PartitionPlan{41, std::nullopt}));
}

TEST(PlanPartitionsTest, EmptyBatchHasNoPlans) { EXPECT_TRUE(planPartitions({}).empty()); }

}  // namespace
}  // namespace tracker::event_consumer
