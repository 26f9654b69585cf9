#include "post_search.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

using nlohmann::json;

constexpr const char* kSource =
    R"(["event_id","event_type","user_id","timestamp","post_id","title","content","tags"])";
constexpr const char* kSort = R"([{"_score":{"order":"desc"}},{"timestamp":{"order":"desc"}}])";

TEST(PostSearchTest, EmptyTextMatchesEverything) {
  const json body = json::parse(searchRequestBody(PostSearchQuery{}));
  EXPECT_EQ(body, json::parse(std::string(R"({
    "size": 20, "track_total_hits": true, "_source": )") +
                              kSource + R"(,
    "query": {"bool": {"must": [{"match_all": {}}], "filter": []}},
    "sort": )" + kSort + "}"));
}

TEST(PostSearchTest, TextUserAndRangeBecomeMultiMatchTermAndRange) {
  PostSearchQuery query;
  query.text = "hello \"world\"";
  query.user_id = "u1";
  query.range = {1'000'000'500, 2'000'000'000};  // from 1000000.5 ms: rounded up, inclusive
  query.size = 7;
  const json body = json::parse(searchRequestBody(query));
  EXPECT_EQ(body, json::parse(std::string(R"({
    "size": 7, "track_total_hits": true, "_source": )") +
                              kSource + R"(,
    "query": {"bool": {
      "must": [{"multi_match": {"query": "hello \"world\"", "fields": ["title", "content", "tags"]}}],
      "filter": [{"term": {"user_id": "u1"}},
                 {"range": {"timestamp": {"format": "epoch_millis", "gte": 1000001, "lt": 2000000}}}]}},
    "sort": )" + kSort + "}"));
}

TEST(PostSearchTest, OpenRangeSideIsLeftOut) {
  PostSearchQuery query;
  query.range.to_micros = 5'000;
  const json body = json::parse(searchRequestBody(query));
  EXPECT_EQ(body["query"]["bool"]["filter"],
            json::parse(R"([{"range": {"timestamp": {"format": "epoch_millis", "lt": 5}}}])"));
}

TEST(PostSearchTest, ReadsHitsTotalsScoresAndTags) {
  auto result = parseSearchResponse(R"({
    "took": 3, "timed_out": false,
    "hits": {"total": {"value": 42, "relation": "eq"}, "max_score": 1.5, "hits": [
      {"_index": "user-post-events-v1", "_id": "e-1", "_score": 1.5, "_source": {
        "event_id": "e-1", "event_type": "post_created", "user_id": "u1",
        "timestamp": 1700000000123, "post_id": "p1", "title": "Hi", "content": "body",
        "tags": ["a", "b"]}},
      {"_id": "e-2", "_score": null, "_source": {"event_type": "post_updated", "user_id": "u2",
        "timestamp": "1700000000999", "tags": "solo"}}
    ]}})");
  ASSERT_TRUE(result) << result.error().toString();
  EXPECT_EQ(result->total, 42);
  ASSERT_EQ(result->hits.size(), 2u);
  EXPECT_EQ(
      result->hits[0],
      (PostHit{
          "e-1", "post_created", "u1", 1'700'000'000'123, "p1", "Hi", "body", {"a", "b"}, 1.5}));
  // event_id falls back to _id; missing fields stay absent; a string timestamp and tag are read.
  EXPECT_EQ(result->hits[1], (PostHit{"e-2",
                                      "post_updated",
                                      "u2",
                                      1'700'000'000'999,
                                      std::nullopt,
                                      std::nullopt,
                                      std::nullopt,
                                      {"solo"},
                                      std::nullopt}));
}

TEST(PostSearchTest, ReadsAPlainNumberTotal) {
  auto result = parseSearchResponse(R"({"hits": {"total": 3, "hits": []}})");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->total, 3);
  EXPECT_TRUE(result->hits.empty());
}

TEST(PostSearchTest, RejectsWhatIsNotASearchAnswer) {
  for (const char* body : {"", "not json", "[]", "{}", R"({"hits": []})", R"({"hits": {}})",
                           R"({"hits": {"hits": [1]}})"}) {
    auto result = parseSearchResponse(body);
    ASSERT_FALSE(result) << body;
    EXPECT_EQ(result.error().code, kSearchInvalidResponse) << body;
  }
}

TEST(PostSearchTest, WithoutAUrlEverySearchSaysNotConfigured) {
  auto search = PostSearch::create("", "user-post-events");
  ASSERT_TRUE(search) << search.error().toString();
  auto result = (*search)->search(PostSearchQuery{});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, kSearchNotConfigured);
}

}  // namespace
}  // namespace tracker::event_consumer
