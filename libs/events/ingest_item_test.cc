#include "events/ingest_item.h"

#include "events/errors.h"
#include "events/testing/test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tracker::events {
namespace {

using testing::IsEmpty;
using testing::SizeIs;

IngestItem pageView() {
  IngestItem item;
  item.event.set_event_type("page_view");
  item.event.set_user_id("u1");
  return item;
}

TEST(IngestItemTest, FillsEventIdAndTimestampWhenAbsent) {
  TestIngest ingest;
  IngestItem item = pageView();
  completeItem(item, ingest.context, kTestNowMs, /*timestamp_present=*/false);
  EXPECT_THAT(item.errors, IsEmpty());
  EXPECT_TRUE(item.accepted());
  EXPECT_EQ(uuidV7TimestampMs(item.event.event_id()), kTestNowMs);
  EXPECT_EQ(item.event.timestamp(), kTestNowMs);
}

TEST(IngestItemTest, KeepsWhatTheClientSent) {
  TestIngest ingest;
  IngestItem item = pageView();
  item.event.set_event_id("client-id-1");
  item.event.set_timestamp(kTestNowMs - 5);
  completeItem(item, ingest.context, kTestNowMs, /*timestamp_present=*/true);
  EXPECT_TRUE(item.accepted());
  EXPECT_EQ(item.event.event_id(), "client-id-1");
  EXPECT_EQ(item.event.timestamp(), kTestNowMs - 5);
}

TEST(IngestItemTest, RejectedItemDoesNotKeepAnAssignedId) {
  TestIngest ingest;
  IngestItem item = pageView();
  item.event.set_event_type("nope");
  completeItem(item, ingest.context, kTestNowMs, false);
  ASSERT_THAT(item.errors, SizeIs(1));
  EXPECT_EQ(item.errors[0].code, field_errc::kUnknownEventType);
  EXPECT_EQ(item.event.event_id(), "");
}

TEST(IngestItemTest, DoesNotRepeatFieldsParsingRejected) {
  TestIngest ingest;
  IngestItem item = pageView();
  item.event.clear_user_id();
  item.errors.push_back({std::string(field_errc::kWrongType), "user_id", "user_id must be ..."});
  completeItem(item, ingest.context, kTestNowMs, false);
  ASSERT_THAT(item.errors, SizeIs(1));  // no "missing_field user_id" on top
  EXPECT_EQ(item.errors[0].code, field_errc::kWrongType);
}

TEST(IngestItemTest, LeavesANonEventAlone) {
  TestIngest ingest;
  IngestItem item;
  item.errors.push_back({std::string(field_errc::kWrongType), "", "item 0 must be an object"});
  completeItem(item, ingest.context, kTestNowMs, false);
  EXPECT_THAT(item.errors, SizeIs(1));
  EXPECT_EQ(item.event.event_id(), "");
}

}  // namespace
}  // namespace tracker::events
