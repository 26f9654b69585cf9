#include "errors.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

TEST(ConsumerErrorsTest, TableGivesStatusWireCodeAndRetryAfter) {
  // The table is indexed by the enum: every entry must sit at its own position.
  for (int i = 0; i <= static_cast<int>(ApiErrorCode::kInternalError); ++i) {
    const auto code = static_cast<ApiErrorCode>(i);
    EXPECT_FALSE(wireCode(code).empty()) << i;
    EXPECT_EQ(apiError(code, "m").code, wireCode(code)) << i;
  }
  const auto unavailable = apiError(ApiErrorCode::kPostgresUnavailable, "down");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.code, "postgres_unavailable");
  EXPECT_EQ(unavailable.retry_after, kRetryAfterSeconds);
  EXPECT_EQ(apiError(ApiErrorCode::kSearchError, "x").status, 502);
  EXPECT_EQ(apiError(ApiErrorCode::kInvalidParameter, "x").retry_after, 0);
}

TEST(ConsumerErrorsTest, FactoriesWriteEachMessageOnce) {
  EXPECT_EQ(routeNotFound().status, 404);
  EXPECT_EQ(methodNotAllowed().code, "method_not_allowed");
  EXPECT_EQ(groupNotFound("g").message, "Kafka knows no group g");
  EXPECT_EQ(eventNotFound("e-1").code, "event_not_found");
  EXPECT_EQ(kafkaUnavailable("no broker").retry_after, kRetryAfterSeconds);
  EXPECT_EQ(http_server::errorResponse(emptyGroupParameter()).body,
            R"({"error":{"code":"bad_request","message":"group must not be empty"}})");
}

}  // namespace
}  // namespace tracker::event_consumer
