#include "response_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_producer {
namespace {

using nlohmann::json;

TEST(ResponseJsonTest, Accepted) {
  EXPECT_EQ(json::parse(renderAccepted("id-1", 3, 42)),
            json::parse(R"({"event_id":"id-1","partition":3,"offset":42})"));
}

TEST(ResponseJsonTest, InvalidEventNamesFirstErrorAndListsAll) {
  const std::vector<events::FieldError> errors = {
      {"missing_field", "user_id", "user_id is required"},
      {"unknown_event_type", "event_type", "unknown"}};
  EXPECT_EQ(json::parse(renderInvalidEvent("", errors)), json::parse(R"({"error":{
      "code":"missing_field","message":"user_id is required","field":"user_id",
      "errors":[{"code":"missing_field","field":"user_id","message":"user_id is required"},
                {"code":"unknown_event_type","field":"event_type","message":"unknown"}]}})"));
  EXPECT_EQ(json::parse(renderInvalidEvent("e1", errors))["error"]["event_id"], "e1");
}

TEST(ResponseJsonTest, FailedEvent) {
  EXPECT_EQ(json::parse(renderFailedEvent("e1", "queue_full", "full")),
            json::parse(R"({"error":{"code":"queue_full","message":"full","event_id":"e1"}})"));
}

TEST(ResponseJsonTest, BatchReportsEveryItem) {
  std::vector<ItemResult> results(4);
  results[0] = ItemResult{0, "a", ItemStatus::kAccepted, 2, 7, {}};
  results[1] =
      ItemResult{1, "", ItemStatus::kRejected, -1, -1, {{"missing_field", "user_id", "m"}}};
  results[2] = ItemResult{2, "c", ItemStatus::kFailed, -1, -1, {{"queue_full", "", "full"}}};
  results[3] = ItemResult{3, "d", ItemStatus::kRejected, -1, -1, {{"too_long", "user_id", "x"}}};
  EXPECT_EQ(json::parse(renderBatch(results)), json::parse(R"({
    "accepted":1,"rejected":2,"failed":1,"results":[
      {"index":0,"event_id":"a","status":"accepted","partition":2,"offset":7},
      {"index":1,"status":"rejected",
       "errors":[{"code":"missing_field","field":"user_id","message":"m"}]},
      {"index":2,"event_id":"c","status":"failed",
       "errors":[{"code":"queue_full","field":"","message":"full"}]},
      {"index":3,"event_id":"d","status":"rejected",
       "errors":[{"code":"too_long","field":"user_id","message":"x"}]}]})"));
}

TEST(ResponseJsonTest, EmptyBatch) {
  EXPECT_EQ(json::parse(renderBatch({})),
            json::parse(R"({"accepted":0,"rejected":0,"failed":0,"results":[]})"));
}

}  // namespace
}  // namespace tracker::event_producer
