#include "group_overview.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

using kafka::GroupCoordinator;
using kafka::GroupInfo;
using kafka::GroupMember;

GroupInfo stableGroup() {
  GroupInfo group;
  group.group_id = "event-consumer";
  group.type = "classic";
  group.state = "Stable";
  group.assignor = "cooperative-sticky";
  group.coordinator = GroupCoordinator{1, "127.0.0.1", 9092};
  group.members.push_back(GroupMember{"c-1",
                                      "consumer-a",
                                      "event-consumer",
                                      "/127.0.0.1",
                                      {{"user-behavior-events", 0}, {"user-behavior-events", 1}},
                                      std::nullopt});
  group.members.push_back(GroupMember{"c-2",
                                      std::nullopt,
                                      "event-consumer",
                                      "/127.0.0.2",
                                      {{"user-behavior-events", 2}},
                                      std::nullopt});
  group.partitions = {{"user-behavior-events", 0, 10, 15, "c-1"},
                      {"user-behavior-events", 1, std::nullopt, 4, "c-1"},
                      {"user-behavior-events", 2, 7, std::nullopt, "c-2"},
                      {"user-behavior-events", 3, 9, 11, ""}};
  return group;
}

TEST(GroupOverviewTest, RendersMembersAssignmentsOffsetsAndLag) {
  const auto body = nlohmann::json::parse(renderGroupsJson({stableGroup()}));
  ASSERT_EQ(body["groups"].size(), 1u);
  EXPECT_FALSE(body.contains("errors"));
  const auto& group = body["groups"][0];
  EXPECT_EQ(group["group_id"], "event-consumer");
  EXPECT_EQ(group["state"], "Stable");
  EXPECT_EQ(group["type"], "classic");
  EXPECT_EQ(group["assignor"], "cooperative-sticky");
  EXPECT_EQ(group["protocol"], "cooperative-sticky");
  EXPECT_EQ(group["simple"], false);
  EXPECT_EQ(group["coordinator"],
            nlohmann::json({{"id", 1}, {"host", "127.0.0.1"}, {"port", 9092}}));

  ASSERT_EQ(group["members"].size(), 2u);
  const auto& first = group["members"][0];
  EXPECT_EQ(first["member_id"], "c-1");
  EXPECT_EQ(first["group_instance_id"], "consumer-a");
  EXPECT_EQ(first["client_id"], "event-consumer");
  EXPECT_EQ(first["host"], "/127.0.0.1");
  EXPECT_EQ(first["assignment"],
            nlohmann::json::parse(R"([{"topic":"user-behavior-events","partitions":[0,1]}])"));
  EXPECT_TRUE(first["target_assignment"].is_null());  // classic groups have none
  EXPECT_TRUE(group["members"][1]["group_instance_id"].is_null());

  const auto& partitions = group["partitions"];
  ASSERT_EQ(partitions.size(), 4u);
  EXPECT_EQ(partitions[0]["committed_offset"], 10);
  EXPECT_EQ(partitions[0]["end_offset"], 15);
  EXPECT_EQ(partitions[0]["lag"], 5);
  EXPECT_EQ(partitions[0]["member_id"], "c-1");
  EXPECT_TRUE(partitions[1]["committed_offset"].is_null());  // never committed: lag unknown
  EXPECT_TRUE(partitions[1]["lag"].is_null());
  EXPECT_TRUE(partitions[2]["end_offset"].is_null());  // end offset not read in time
  EXPECT_TRUE(partitions[2]["lag"].is_null());
  EXPECT_TRUE(partitions[3]["member_id"].is_null());  // committed but unassigned
  EXPECT_EQ(partitions[3]["lag"], 2);
  EXPECT_EQ(group["total_lag"], 7);  // known lags only
  EXPECT_EQ(group["errors"], nlohmann::json::array());
}

TEST(GroupOverviewTest, EmptyGroupsAndErrorsAreShown) {
  GroupInfo empty;
  empty.group_id = "analytics";
  empty.state = "Empty";
  empty.errors = {"offsets: Coordinator load in progress"};
  const auto body = nlohmann::json::parse(renderGroupsJson({empty}, {"list: broker 2 down"}));
  const auto& group = body["groups"][0];
  EXPECT_TRUE(group["coordinator"].is_null());
  EXPECT_EQ(group["members"], nlohmann::json::array());
  EXPECT_EQ(group["partitions"], nlohmann::json::array());
  EXPECT_EQ(group["total_lag"], 0);
  EXPECT_EQ(group["errors"][0], "offsets: Coordinator load in progress");
  EXPECT_EQ(body["errors"][0], "list: broker 2 down");
  EXPECT_EQ(nlohmann::json::parse(renderGroupsJson({})), nlohmann::json::parse(R"({"groups":[]})"));
}

TEST(GroupOverviewTest, ConsumerProtocolMembersShowTheirTargetAssignment) {
  GroupInfo group;
  group.group_id = "kip848";
  group.type = "consumer";
  group.state = "Reconciling";
  group.assignor = "uniform";
  group.members.push_back(GroupMember{"m-1",
                                      std::nullopt,
                                      "event-consumer",
                                      "/127.0.0.1",
                                      {{"t", 0}, {"t", 1}},
                                      kafka::TopicPartitions{{"t", 1}}});
  const auto body = nlohmann::json::parse(renderGroupsJson({group}));
  const auto& rendered = body["groups"][0];
  EXPECT_EQ(rendered["type"], "consumer");
  EXPECT_EQ(rendered["assignor"], "uniform");
  EXPECT_EQ(rendered["members"][0]["target_assignment"],
            nlohmann::json::parse(R"([{"topic":"t","partitions":[1]}])"));
}

TEST(GroupOverviewTest, LagUsesTheSharedRule) {
  // The end offset can be read before a commit that went past it lands: never negative.
  GroupInfo group;
  group.partitions = {
      {"t", 0, 12, 10, ""}, {"t", 1, std::nullopt, 10, ""}, {"t", 2, std::nullopt, 0, ""}};
  const auto partitions =
      nlohmann::json::parse(renderGroupsJson({group}))["groups"][0]["partitions"];
  EXPECT_EQ(partitions[0]["lag"], 0);
  EXPECT_TRUE(partitions[1]["lag"].is_null());  // no commit and no position in the Admin view
  EXPECT_EQ(partitions[2]["lag"], 0);           // empty partition
}

TEST(GroupOverviewTest, InvalidUtf8InNamesDoesNotThrow) {
  GroupInfo group;
  group.group_id = std::string("bad\xff");
  EXPECT_NO_THROW(renderGroupsJson({group}));
}

}  // namespace
}  // namespace tracker::event_consumer
