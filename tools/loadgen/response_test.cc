#include "loadgen/response.h"

#include <gtest/gtest.h>

namespace tracker::loadgen {
namespace {

using Codes = std::vector<std::pair<std::string, std::size_t>>;

TEST(ResponseTest, CreatedSingleEventIsAccepted) {
  const auto outcome =
      classifyResponse(201, R"({"event_id":"x","partition":1,"offset":7})", 1, false);
  EXPECT_EQ(outcome, (ResponseOutcome{.accepted = 1}));
}

TEST(ResponseTest, BatchAnswerCountsAndCodes) {
  const auto outcome = classifyResponse(200, R"({"accepted":3,"rejected":3,"results":[
      {"index":0,"status":"accepted","partition":0,"offset":1},
      {"index":1,"status":"rejected","errors":[{"code":"missing_field","field":"user_id"}]},
      {"index":2,"accepted":false,"error":{"code":"too_long"}},
      {"index":3,"code":"missing_field"},
      {"index":4,"partition":1,"offset":2},
      {"index":5,"accepted":true}]})",
                                        6, true);
  EXPECT_EQ(outcome.accepted, 3u);
  EXPECT_EQ(outcome.rejected, 3u);
  EXPECT_EQ(outcome.rejected_by_code, (Codes{{"missing_field", 2}, {"too_long", 1}}));
}

TEST(ResponseTest, EventProducerBatchAnswerWithFailedItems) {
  // The shape services/event-producer/response_json.h documents.
  const auto outcome = classifyResponse(200, R"({"accepted":1,"rejected":2,"failed":1,"results":[
      {"index":0,"event_id":"a","status":"accepted","partition":2,"offset":7},
      {"index":1,"status":"rejected",
       "errors":[{"code":"missing_field","field":"user_id","message":"m"}]},
      {"index":2,"event_id":"c","status":"failed",
       "errors":[{"code":"queue_full","field":"","message":"full"}]},
      {"index":3,"event_id":"d","status":"rejected",
       "errors":[{"code":"too_long","field":"user_id","message":"x"}]}]})",
                                        4, true);
  EXPECT_EQ(outcome.accepted, 1u);
  EXPECT_EQ(outcome.rejected, 3u);
  EXPECT_EQ(outcome.rejected_by_code,
            (Codes{{"failed:queue_full", 1}, {"missing_field", 1}, {"too_long", 1}}));
}

TEST(ResponseTest, SingleInvalidEventNamesTheStatusAndCode) {
  const auto outcome = classifyResponse(
      422,
      R"({"error":{"code":"missing_field","message":"user_id is required","field":"user_id"}})", 1,
      false);
  EXPECT_EQ(outcome.rejected_by_code, (Codes{{"http_422:missing_field", 1}}));
}

TEST(ResponseTest, BatchRejectionsWithoutReasonsAreUnknown) {
  const auto outcome = classifyResponse(200, R"({"accepted":8,"rejected":2})", 10, true);
  EXPECT_EQ(outcome.accepted, 8u);
  EXPECT_EQ(outcome.rejected_by_code, (Codes{{"unknown", 2}}));
}

TEST(ResponseTest, BatchSuccessWithoutCountsAcceptsAll) {
  EXPECT_EQ(classifyResponse(200, "ok", 5, true), (ResponseOutcome{.accepted = 5}));
}

TEST(ResponseTest, RefusedRequestRejectsEveryEventWithStatusAndCode) {
  const auto outcome = classifyResponse(
      503, R"({"error":{"code":"kafka_unavailable","message":"broker down"}})", 50, true);
  EXPECT_EQ(outcome.accepted, 0u);
  EXPECT_EQ(outcome.rejected, 50u);
  EXPECT_EQ(outcome.rejected_by_code, (Codes{{"http_503:kafka_unavailable", 50}}));
}

TEST(ResponseTest, ErrorWithoutJsonNamesTheStatusOnly) {
  const auto outcome = classifyResponse(502, "<html>Bad Gateway</html>", 1, false);
  EXPECT_EQ(outcome.rejected_by_code, (Codes{{"http_502", 1}}));
}

}  // namespace
}  // namespace tracker::loadgen
