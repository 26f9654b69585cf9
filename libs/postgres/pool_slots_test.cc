#include "postgres/pool_slots.h"

#include <gtest/gtest.h>

namespace tracker::postgres {
namespace {

TEST(PoolSlotsTest, OpensUpToTheLimitThenLendsOnlyWhatComesBack) {
  PoolSlots<int> slots(2);
  EXPECT_TRUE(slots.canTake());
  EXPECT_FALSE(slots.takeIdle());
  EXPECT_TRUE(slots.reserve());
  EXPECT_TRUE(slots.reserve());
  EXPECT_FALSE(slots.canTake());
  EXPECT_FALSE(slots.reserve());
  EXPECT_EQ(slots.open(), 2u);

  slots.giveBack(7);
  EXPECT_TRUE(slots.canTake());
  EXPECT_FALSE(slots.reserve());  // the slot is the idle item's
  EXPECT_EQ(slots.takeIdle(), 7);
  EXPECT_EQ(slots.open(), 2u);
  EXPECT_EQ(slots.idle(), 0u);
}

TEST(PoolSlotsTest, TheLastReturnedIsLentFirst) {
  PoolSlots<int> slots(3);
  for (int item : {1, 2, 3}) {
    ASSERT_TRUE(slots.reserve());
    slots.giveBack(item);
  }
  EXPECT_EQ(slots.takeIdle(), 3);
  EXPECT_EQ(slots.takeIdle(), 2);
}

TEST(PoolSlotsTest, AFailedOpenOrALostItemFreesItsSlot) {
  PoolSlots<int> slots(1);
  ASSERT_TRUE(slots.reserve());
  slots.release();
  EXPECT_EQ(slots.open(), 0u);
  EXPECT_TRUE(slots.reserve());
  slots.release();
  slots.release();  // never below zero
  EXPECT_EQ(slots.open(), 0u);
}

TEST(PoolSlotsTest, DroppingIdleItemsFreesTheirSlotsButNotTheLentOnes) {
  PoolSlots<int> slots(4);
  for (int item : {1, 2, 3}) {
    ASSERT_TRUE(slots.reserve());
    slots.giveBack(item);
  }
  ASSERT_TRUE(slots.reserve());  // lent, not idle
  EXPECT_EQ(slots.dropIdle(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(slots.open(), 1u);
  EXPECT_EQ(slots.idle(), 0u);
  EXPECT_TRUE(slots.canTake());
}

TEST(PoolSlotsTest, LimitIsAtLeastOne) {
  PoolSlots<int> slots(0);
  EXPECT_EQ(slots.limit(), 1u);
  EXPECT_TRUE(slots.reserve());
  EXPECT_FALSE(slots.reserve());
}

}  // namespace
}  // namespace tracker::postgres
