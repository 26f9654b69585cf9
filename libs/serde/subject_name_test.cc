#include "serde/subject_name.h"

#include "events/user_behavior_event.pb.h"
#include "serde/testing/proto_pool.h"

#include <gtest/gtest.h>

namespace tracker::serde {
namespace {

TEST(SubjectNameTest, Strategies) {
  const auto& event = *events::UserBehaviorEvent::descriptor();
  EXPECT_EQ(subjectName(SubjectNameStrategy::kTopicName, "user-events", false, event),
            "user-events-value");
  EXPECT_EQ(subjectName(SubjectNameStrategy::kTopicName, "user-events", true, event),
            "user-events-key");
  EXPECT_EQ(subjectName(SubjectNameStrategy::kRecordName, "user-events", false, event),
            "events.UserBehaviorEvent");
  EXPECT_EQ(subjectName(SubjectNameStrategy::kTopicRecordName, "user-events", true, event),
            "user-events-events.UserBehaviorEvent");
}

TEST(SubjectNameTest, RecordNameOfANestedMessageIsItsFullName) {
  testing::ProtoPool pool;
  pool.add("syntax = \"proto3\"; package pkg; message Outer { message Inner {} }", "o.proto");
  EXPECT_EQ(
      subjectName(SubjectNameStrategy::kRecordName, "t", false, pool.message("pkg.Outer.Inner")),
      "pkg.Outer.Inner");
}

}  // namespace
}  // namespace tracker::serde
