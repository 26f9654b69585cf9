#include "consumer_status.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

TEST(ConsumerStatusTest, RendersPartitionsCountersAndRebalances) {
  ConsumerStatus status("i1", "g1", "t", 2);
  status.setRunning(true);
  status.setMemberId("m-1");
  status.setPartitions({{0, 10, 12, 15, false}, {3, kNoOffset, kNoOffset, -1, true}});
  status.counters().consumed = 5;
  status.counters().dead_lettered[static_cast<std::size_t>(Stage::kSearch)] = 2;
  status.recordRebalance({1, "assigned", {0, 1, 3}, true, {0, 1, 3}});
  status.recordRebalance({2, "revoked", {1}, true, {0, 3}});
  status.recordRebalance({3, "lost", {0}, true, {3}});
  const auto json = nlohmann::json::parse(status.renderJson());
  EXPECT_EQ(json["instance"], "i1");
  EXPECT_EQ(json["group"], "g1");
  EXPECT_EQ(json["member_id"], "m-1");
  EXPECT_EQ(json["assigned_partitions"][0]["lag"], 5);
  EXPECT_EQ(json["assigned_partitions"][0]["committed_offset"], 10);
  EXPECT_TRUE(json["assigned_partitions"][1]["committed_offset"].is_null());
  EXPECT_EQ(json["assigned_partitions"][1]["paused"], true);
  EXPECT_EQ(json["counters"]["consumed"], 5);
  EXPECT_EQ(json["counters"]["dead_lettered"]["search"], 2);
  // Only the last two rebalances are kept.
  ASSERT_EQ(json["rebalances"].size(), 2u);
  EXPECT_EQ(json["rebalances"][0]["kind"], "revoked");
  EXPECT_EQ(json["rebalances"][1]["kind"], "lost");
  EXPECT_EQ(json["rebalances_seen"], 3);
  // Each event says what was added or taken away, whether it was incremental and what is left.
  EXPECT_EQ(json["rebalances"][0]["revoked"], nlohmann::json::array({1}));
  EXPECT_EQ(json["rebalances"][0]["added"], nlohmann::json::array());
  EXPECT_EQ(json["rebalances"][0]["assignment"], nlohmann::json::array({0, 3}));
  EXPECT_EQ(json["rebalances"][1]["revoked"], nlohmann::json::array({0}));
  EXPECT_EQ(json["rebalances"][1]["incremental"], true);
}

TEST(ConsumerStatusTest, AssignedEventsListTheAddedPartitions) {
  ConsumerStatus status("i", "g", "t");
  status.recordRebalance({1, "assigned", {2, 4}, false, {2, 4}});
  const auto event = nlohmann::json::parse(status.renderJson())["rebalances"][0];
  EXPECT_EQ(event["added"], nlohmann::json::array({2, 4}));
  EXPECT_EQ(event["revoked"], nlohmann::json::array());
  EXPECT_EQ(event["incremental"], false);
}

TEST(ConsumerStatusTest, ConsumerProtocolShowsTheMemberEpochInsteadOfAGeneration) {
  ConsumerStatus status("i", "g", "t");
  EXPECT_TRUE(nlohmann::json::parse(status.renderJson())["group_protocol"].is_null());
  status.setGroupProtocol("classic");
  status.setGeneration(4);
  auto json = nlohmann::json::parse(status.renderJson());
  EXPECT_EQ(json["group_protocol"], "classic");
  EXPECT_EQ(json["generation"], 4);
  EXPECT_TRUE(json["member_epoch"].is_null());
  status.setGroupProtocol("consumer");
  status.setGeneration(9);
  json = nlohmann::json::parse(status.renderJson());
  EXPECT_EQ(json["group_protocol"], "consumer");
  EXPECT_TRUE(json["generation"].is_null());
  EXPECT_EQ(json["member_epoch"], 9);
}

TEST(ConsumerStatusTest, GenerationIsNullUntilKnown) {
  ConsumerStatus status("i", "g", "t");
  EXPECT_TRUE(nlohmann::json::parse(status.renderJson())["generation"].is_null());
  status.setGeneration(5);
  EXPECT_EQ(nlohmann::json::parse(status.renderJson())["generation"], 5);
  EXPECT_EQ(status.snapshot().generation, 5);
}

TEST(ConsumerStatusTest, EndToEndIsNullUntilABatchFinishesThenItsLargestLatency) {
  ConsumerStatus status("i", "g", "t");
  auto end_to_end = nlohmann::json::parse(status.renderJson())["end_to_end"];
  EXPECT_TRUE(end_to_end["last_batch_max_ms"].is_null());
  EXPECT_TRUE(end_to_end["last_batch_at_ms"].is_null());
  // A batch without timestamps measures nothing.
  status.counters().recordEndToEnd({}, 10'000);
  EXPECT_TRUE(
      nlohmann::json::parse(status.renderJson())["end_to_end"]["last_batch_at_ms"].is_null());

  const std::int64_t stamps[] = {9'700, 9'250, 9'990};
  status.counters().recordEndToEnd(stamps, 10'000);
  end_to_end = nlohmann::json::parse(status.renderJson())["end_to_end"];
  EXPECT_EQ(end_to_end["last_batch_max_ms"], 750);
  EXPECT_EQ(end_to_end["last_batch_at_ms"], 10'000);

  // The last batch replaces the previous one; a timestamp ahead of the consumer's clock is 0.
  const std::int64_t ahead[] = {20'050, 19'980};
  status.counters().recordEndToEnd(ahead, 20'000);
  end_to_end = nlohmann::json::parse(status.renderJson())["end_to_end"];
  EXPECT_EQ(end_to_end["last_batch_max_ms"], 20);
  EXPECT_EQ(end_to_end["last_batch_at_ms"], 20'000);
  EXPECT_EQ(status.counters().end_to_end_seconds.snapshot().count, 5u);
}

TEST(ConsumerStatusTest, ReadinessNamesEverySinkDown) {
  ConsumerStatus status("i", "g", "t");
  EXPECT_FALSE(status.notReadyReasons().empty());
  status.setRunning(true);
  EXPECT_TRUE(status.notReadyReasons().empty());
  status.setSinkDown("postgres", "connection refused");
  ASSERT_EQ(status.notReadyReasons().size(), 1u);
  EXPECT_EQ(status.notReadyReasons()[0], "postgres down: connection refused");
  status.setSinkDown("postgres", std::nullopt);
  EXPECT_TRUE(status.notReadyReasons().empty());
  EXPECT_TRUE(status.live());
  status.setRunning(false);
  EXPECT_FALSE(status.live());
}

}  // namespace
}  // namespace tracker::event_consumer
