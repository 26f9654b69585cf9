#include "serde/message_path.h"

#include "events/user_behavior_event.pb.h"
#include "serde/testing/proto_pool.h"

#include <gtest/gtest.h>

namespace tracker::serde {
namespace {

constexpr std::string_view kNested = R"(
syntax = "proto3";
package shop;
enum Color { RED = 0; }            // Enums do not count in the path.
message First {
  message Inner { int32 a = 1; }
  enum Kind { K = 0; }
  message Second {
    message Deep { int32 b = 1; }
  }
  int32 x = 1;
}
message Other { int32 y = 1; }
service Unused { }
message Last {
  message Only { int32 z = 1; }
}
)";

TEST(MessagePathTest, PathsOfTopLevelAndNestedMessages) {
  testing::ProtoPool pool;
  pool.add(kNested, "shop.proto");
  EXPECT_EQ(messageIndexPath(pool.message("shop.First")), (std::vector<int>{0}));
  EXPECT_EQ(messageIndexPath(pool.message("shop.First.Inner")), (std::vector<int>{0, 0}));
  EXPECT_EQ(messageIndexPath(pool.message("shop.First.Second")), (std::vector<int>{0, 1}));
  EXPECT_EQ(messageIndexPath(pool.message("shop.First.Second.Deep")), (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(messageIndexPath(pool.message("shop.Other")), (std::vector<int>{1}));
  EXPECT_EQ(messageIndexPath(pool.message("shop.Last.Only")), (std::vector<int>{2, 0}));
}

TEST(MessagePathTest, FindsEveryMessageByItsPath) {
  testing::ProtoPool pool;
  const auto& file = pool.add(kNested, "shop.proto");
  for (const char* name : {"shop.First", "shop.First.Inner", "shop.First.Second",
                           "shop.First.Second.Deep", "shop.Other", "shop.Last", "shop.Last.Only"}) {
    const auto& descriptor = pool.message(name);
    EXPECT_EQ(findMessageByPath(file, messageIndexPath(descriptor)), &descriptor) << name;
  }
}

TEST(MessagePathTest, PathsOutsideTheFileFindNothing) {
  testing::ProtoPool pool;
  const auto& file = pool.add(kNested, "shop.proto");
  for (const std::vector<int>& path :
       std::vector<std::vector<int>>{{}, {3}, {-1}, {0, 2}, {0, 1, 1}, {1, 0}, {0, 1, 0, 0}}) {
    EXPECT_EQ(findMessageByPath(file, path), nullptr) << ::testing::PrintToString(path);
  }
}

TEST(MessagePathTest, CompiledEventIsTheFirstMessageOfItsFile) {
  EXPECT_EQ(messageIndexPath(*events::UserBehaviorEvent::descriptor()), (std::vector<int>{0}));
}

}  // namespace
}  // namespace tracker::serde
