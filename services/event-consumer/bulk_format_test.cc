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
  EXPECT_EQ(classifyBulkItem(201, ""), BulkItemOutcome::kWritten);
  EXPECT_EQ(classifyBulkItem(200, ""), BulkItemOutcome::kWritten);
  EXPECT_EQ(classifyBulkItem(409, "version_conflict_engine_exception"), BulkItemOutcome::kExisted);
  EXPECT_EQ(classifyBulkItem(400, "mapper_parsing_exception"), BulkItemOutcome::kRejected);
  EXPECT_EQ(classifyBulkItem(413, ""), BulkItemOutcome::kRejected);
  EXPECT_EQ(classifyBulkItem(429, "es_rejected_execution_exception"), BulkItemOutcome::kRetry);
  EXPECT_EQ(classifyBulkItem(500, ""), BulkItemOutcome::kRetry);
  EXPECT_EQ(classifyBulkItem(503, ""), BulkItemOutcome::kRetry);
}

// Review H5: the index's state is not the document's fault: wait, never dead-letter.
TEST(BulkFormatTest, BlocksMissingIndexesAndAuthAreOutages) {
  EXPECT_EQ(classifyBulkItem(403, "cluster_block_exception"), BulkItemOutcome::kOutage);
  EXPECT_EQ(classifyBulkItem(429, "cluster_block_exception"), BulkItemOutcome::kOutage);
  EXPECT_EQ(classifyBulkItem(400, "index_closed_exception"), BulkItemOutcome::kOutage);
  EXPECT_EQ(classifyBulkItem(404, "index_not_found_exception"), BulkItemOutcome::kOutage);
  EXPECT_EQ(classifyBulkItem(403, "security_exception"), BulkItemOutcome::kOutage);
  EXPECT_EQ(classifyBulkItem(401, ""), BulkItemOutcome::kOutage);
  EXPECT_EQ(classifyBulkItem(404, ""), BulkItemOutcome::kOutage);
}

TEST(BulkFormatTest, ChunksByBytesKeepingOrderAndLettingAnOversizedItemGoAlone) {
  using Chunks = std::vector<std::pair<std::size_t, std::size_t>>;
  const std::vector<std::size_t> sizes = {40, 40, 40, 150, 10, 10, 100};
  EXPECT_EQ(bulkChunks(sizes, 100), (Chunks{{0, 2}, {2, 3}, {3, 4}, {4, 6}, {6, 7}}));
  EXPECT_EQ(bulkChunks(sizes, 1000), (Chunks{{0, 7}}));
  EXPECT_EQ(bulkChunks(std::vector<std::size_t>{}, 100), Chunks{});
  EXPECT_EQ(bulkChunks(std::vector<std::size_t>{5, 5}, 10), (Chunks{{0, 2}}));  // limit inclusive
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
