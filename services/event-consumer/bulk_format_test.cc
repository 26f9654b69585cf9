#include "bulk_format.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

DecodedEvent postEvent() {
  DecodedEvent decoded;
  decoded.event.set_event_id("0190-abc");
  decoded.event.set_event_type("post_created");
  decoded.event.set_user_id("u1");
  decoded.event.set_timestamp(1'700'000'000'123);
  decoded.event.set_source_channel("web");
  auto& extra = *decoded.event.mutable_extra_data();
  extra["post_id"] = "p1";
  extra["title"] = "Hello \"world\"";
  extra["content"] = "line1\nline2";
  extra["tags"] = " cats, dogs ,,birds ";
  extra["lang"] = "en";
  decoded.partition = 2;
  decoded.offset = 99;
  decoded.schema_id = 5;
  return decoded;
}

TEST(BulkFormatTest, DocumentFollowsTheMapping) {
  const auto document = nlohmann::json::parse(searchDocument(postEvent()));
  const nlohmann::json expected = {{"event_id", "0190-abc"},
                                   {"event_type", "post_created"},
                                   {"user_id", "u1"},
                                   {"timestamp", 1'700'000'000'123},
                                   {"source_channel", "web"},
                                   {"post_id", "p1"},
                                   {"title", "Hello \"world\""},
                                   {"content", "line1\nline2"},
                                   {"tags", {"cats", "dogs", "birds"}},
                                   {"extra_data",
                                    {{"post_id", "p1"},
                                     {"title", "Hello \"world\""},
                                     {"content", "line1\nline2"},
                                     {"tags", " cats, dogs ,,birds "},
                                     {"lang", "en"}}},
                                   {"kafka_partition", 2},
                                   {"kafka_offset", 99},
                                   {"schema_id", 5}};
  EXPECT_EQ(document, expected);
}

TEST(BulkFormatTest, CreateActionIsTwoLinesWithTheEventIdAsId) {
  std::string out;
  appendBulkCreate(out, postEvent());
  const auto newline = out.find('\n');
  ASSERT_NE(newline, std::string::npos);
  EXPECT_EQ(out.substr(0, newline), R"({"create":{"_id":"0190-abc"}})");
  EXPECT_EQ(out.back(), '\n');
  // The content's newline is escaped inside the JSON, so exactly two physical lines.
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2);
}

TEST(BulkFormatTest, ClassifiesStatuses) {
  EXPECT_EQ(classifyBulkStatus(201), BulkItemOutcome::kWritten);
  EXPECT_EQ(classifyBulkStatus(200), BulkItemOutcome::kWritten);
  EXPECT_EQ(classifyBulkStatus(409), BulkItemOutcome::kExisted);
  EXPECT_EQ(classifyBulkStatus(400), BulkItemOutcome::kRejected);
  EXPECT_EQ(classifyBulkStatus(413), BulkItemOutcome::kRejected);
  EXPECT_EQ(classifyBulkStatus(429), BulkItemOutcome::kRetry);
  EXPECT_EQ(classifyBulkStatus(404), BulkItemOutcome::kRetry);
  EXPECT_EQ(classifyBulkStatus(500), BulkItemOutcome::kRetry);
  EXPECT_EQ(classifyBulkStatus(503), BulkItemOutcome::kRetry);
}

TEST(BulkFormatTest, ParsesItemsInOrderWithTheirErrors) {
  const auto results = parseBulkResponse(R"({"took":3,"errors":true,"items":[
    {"create":{"_id":"a","status":201}},
    {"create":{"_id":"b","status":409,"error":{"type":"version_conflict_engine_exception","reason":"exists"}}},
    {"create":{"_id":"c","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad field"}}},
    {"create":{"_id":"d","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}}]})",
                                         4);
  ASSERT_TRUE(results) << results.error().toString();
  ASSERT_EQ(results->size(), 4u);
  EXPECT_EQ((*results)[0].outcome, BulkItemOutcome::kWritten);
  EXPECT_EQ((*results)[1].outcome, BulkItemOutcome::kExisted);
  EXPECT_EQ((*results)[2].outcome, BulkItemOutcome::kRejected);
  EXPECT_EQ((*results)[2].error_type, "mapper_parsing_exception");
  EXPECT_EQ((*results)[2].error_reason, "bad field");
  EXPECT_EQ((*results)[3].outcome, BulkItemOutcome::kRetry);
}

TEST(BulkFormatTest, RefusesAnswersThatDoNotMatchTheRequest) {
  EXPECT_FALSE(parseBulkResponse("not json", 1));
  EXPECT_FALSE(parseBulkResponse(R"({"error":"boom"})", 1));
  EXPECT_FALSE(parseBulkResponse(R"({"items":[{"create":{"status":201}}]})", 2));
  EXPECT_FALSE(parseBulkResponse(R"({"items":[{"create":{"status":"201"}}]})", 1));
  EXPECT_FALSE(parseBulkResponse(R"({"items":[5]})", 1));
}

}  // namespace
}  // namespace tracker::event_consumer
