#include "copy_format.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

DecodedEvent sampleEvent() {
  DecodedEvent decoded;
  decoded.event.set_event_id("e-1");
  decoded.event.set_event_type("post_created");
  decoded.event.set_user_id("u1");
  decoded.event.set_timestamp(1'700'000'000'123);
  decoded.event.set_device_type("ios");
  (*decoded.event.mutable_extra_data())["title"] = "hi";
  decoded.partition = 4;
  decoded.offset = 1234;
  decoded.schema_id = 7;
  return decoded;
}

TEST(CopyFormatTest, EscapesEverySpecialCharacter) {
  std::string out;
  appendCopyField(out, "a\\b\nc\rd\te\bf\fg\vh");
  EXPECT_EQ(out, "a\\\\b\\nc\\rd\\te\\bf\\fg\\vh");
}

TEST(CopyFormatTest, LeavesOrdinaryTextAndUtf8Alone) {
  std::string out;
  appendCopyField(out, "héllo, \"world\" 'x' ✓");
  EXPECT_EQ(out, "héllo, \"world\" 'x' ✓");
}

TEST(CopyFormatTest, RowHasElevenColumnsAndNullsForEmptyOptionals) {
  std::string out;
  appendCopyRow(out, sampleEvent());
  EXPECT_EQ(
      out, "e-1\tpost_created\tu1\t\\N\t1700000000123\tios\t\\N\t{\"title\":\"hi\"}\t4\t1234\t7\n");
}

TEST(CopyFormatTest, ExtraDataJsonIsSortedAndEscapedTwice) {
  DecodedEvent decoded = sampleEvent();
  (*decoded.event.mutable_extra_data())["content"] = "line1\nline2\t\"q\" back\\slash";
  (*decoded.event.mutable_extra_data())["a"] = "1";
  EXPECT_EQ(extraDataJson(decoded.event),
            R"({"a":"1","content":"line1\nline2\t\"q\" back\\slash","title":"hi"})");
  std::string out;
  appendCopyRow(out, decoded);
  // JSON escapes come first (\n → backslash n), then COPY doubles every backslash.
  EXPECT_NE(out.find(R"({"a":"1","content":"line1\\nline2\\t\\"q\\" back\\\\slash","title":"hi"})"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

TEST(CopyFormatTest, EmptyExtraDataIsAnEmptyObject) {
  ::events::UserBehaviorEvent event;
  EXPECT_EQ(extraDataJson(event), "{}");
}

}  // namespace
}  // namespace tracker::event_consumer
