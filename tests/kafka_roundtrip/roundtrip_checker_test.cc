#include "roundtrip_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tracker::kafka_roundtrip {
namespace {

using ::testing::ElementsAre;

RecordPosition record(int index, const std::string& key, std::int64_t seq, std::int32_t partition,
                      std::int64_t offset) {
  return RecordPosition{"run-" + std::to_string(index), key, seq, partition, offset};
}

// Two keys on two partitions, each record acked then read back once, in order.
class RoundtripCheckerTest : public ::testing::Test {
 protected:
  void ackAll() {
    for (const auto& r : records_) checker_.onAcked(r);
  }

  RoundtripChecker checker_{"run-"};
  std::vector<RecordPosition> records_ = {
      record(0, "user-0", 0, 0, 10),
      record(1, "user-1", 0, 1, 20),
      record(2, "user-0", 1, 0, 11),
      record(3, "user-1", 1, 1, 21),
  };
};

TEST_F(RoundtripCheckerTest, CleanRunPasses) {
  ackAll();
  EXPECT_FALSE(checker_.allAckedSeen());
  for (const auto& r : records_) EXPECT_TRUE(checker_.onConsumed(r));
  EXPECT_TRUE(checker_.allAckedSeen());

  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.acked, 4);
  EXPECT_EQ(summary.consumed, 4);
  EXPECT_EQ(summary.acked_missing, 0);
  EXPECT_EQ(summary.duplicates, 0);
  EXPECT_EQ(summary.order_violations, 0);
  EXPECT_EQ(summary.keys_split_across_partitions, 0);
  EXPECT_THAT(summary.partitions_seen, ElementsAre(0, 1));
  EXPECT_TRUE(summary.passed());
}

TEST_F(RoundtripCheckerTest, MissingAckedRecordFails) {
  ackAll();
  checker_.onConsumed(records_[0]);
  checker_.onConsumed(records_[1]);
  checker_.onConsumed(records_[3]);
  EXPECT_FALSE(checker_.allAckedSeen());
  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.acked_missing, 1);
  EXPECT_FALSE(summary.passed());
}

TEST_F(RoundtripCheckerTest, UnackedButWrittenRecordIsNotMissing) {
  // A record whose delivery report said "failed" may still be in the log; reading it is fine.
  checker_.onAcked(records_[0]);
  checker_.onFailed("Local: Message timed out");
  checker_.onConsumed(records_[0]);
  checker_.onConsumed(records_[2]);
  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.acked, 1);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.failed_errors.at("Local: Message timed out"), 1);
  EXPECT_EQ(summary.consumed, 2);
  EXPECT_TRUE(summary.passed());
}

TEST_F(RoundtripCheckerTest, DuplicateIsCountedOnceAndNotAsOrderViolation) {
  ackAll();
  checker_.onConsumed(records_[0]);
  RecordPosition copy = records_[0];
  copy.offset = 12;  // a retried, re-appended copy later in the same partition
  checker_.onConsumed(records_[2]);
  checker_.onConsumed(copy);
  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.duplicates, 1);
  EXPECT_EQ(summary.order_violations, 0);
  EXPECT_FALSE(summary.passed());
}

TEST_F(RoundtripCheckerTest, SeqGoingBackwardsIsAnOrderViolation) {
  ackAll();
  checker_.onConsumed(record(2, "user-0", 1, 0, 10));
  checker_.onConsumed(record(0, "user-0", 0, 0, 11));
  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.order_violations, 1);
  EXPECT_FALSE(summary.passed());
}

TEST_F(RoundtripCheckerTest, OffsetGoingBackwardsIsAnOrderViolation) {
  checker_.onConsumed(record(0, "user-0", 0, 0, 11));
  checker_.onConsumed(record(2, "user-2", 0, 0, 10));
  EXPECT_EQ(checker_.summarize().order_violations, 1);
}

TEST_F(RoundtripCheckerTest, KeyInTwoPartitionsIsSplit) {
  ackAll();
  checker_.onAcked(record(4, "user-0", 2, 1, 22));
  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.keys_split_across_partitions, 1);
  EXPECT_FALSE(summary.passed());
}

TEST_F(RoundtripCheckerTest, RecordsOfOtherRunsAreIgnored) {
  EXPECT_FALSE(checker_.onConsumed({"other-0", "user-0", 0, 3, 0}));
  RoundtripSummary summary = checker_.summarize();
  EXPECT_EQ(summary.consumed, 0);
  EXPECT_TRUE(summary.partitions_seen.empty());
}

TEST_F(RoundtripCheckerTest, NothingAckedFails) {
  checker_.onFailed("Broker: Not enough in-sync replicas");
  EXPECT_TRUE(checker_.allAckedSeen());
  EXPECT_FALSE(checker_.summarize().passed());
}

TEST_F(RoundtripCheckerTest, AckAfterReadStillCounts) {
  checker_.onConsumed(records_[0]);
  checker_.onAcked(records_[0]);
  EXPECT_TRUE(checker_.allAckedSeen());
}

TEST(RoundtripSummaryTest, JsonHasTheDocumentedKeysInOrder) {
  RoundtripSummary summary;
  summary.produced = 3;
  summary.acked = 3;
  summary.consumed = 3;
  summary.partitions_seen = {0, 2};
  summary.produce_seconds = 1.23456;
  EXPECT_EQ(summary.toJson(),
            R"({"produced":3,"acked":3,"failed":0,"consumed":3,"acked_missing":0,)"
            R"("duplicates":0,"order_violations":0,"keys_split_across_partitions":0,)"
            R"("partitions_seen":[0,2],"produce_seconds":1.235,"consume_seconds":0.0,)"
            R"("failed_errors":{}})");
}

}  // namespace
}  // namespace tracker::kafka_roundtrip
