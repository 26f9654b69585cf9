#include "errors.h"

#include <gtest/gtest.h>

namespace tracker::event_producer {
namespace {

TEST(ProducerErrorsTest, TableIsInEnumOrder) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kKafkaError); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    EXPECT_FALSE(wireCode(code).empty()) << i;
    EXPECT_EQ(apiError(code, "m").code, wireCode(code)) << i;
    EXPECT_EQ(apiError(code, "m").status, httpStatus(code)) << i;
  }
}

TEST(ProducerErrorsTest, WireCodesStatusesAndRetryAfter) {
  EXPECT_EQ(wireCode(ErrorCode::kQueueFull), "queue_full");
  EXPECT_EQ(retryAfterFor(ErrorCode::kQueueFull), kRetryAfterQueueFullSeconds);
  EXPECT_EQ(retryAfterFor(ErrorCode::kKafkaUnavailable), kRetryAfterUnavailableSeconds);
  EXPECT_EQ(retryAfterFor(ErrorCode::kUnauthorized), 0);
  EXPECT_EQ(httpStatus(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(wireCode(ErrorCode::kUnsupportedMediaType), "unsupported_media_type");
}

TEST(ProducerErrorsTest, Factories) {
  EXPECT_EQ(unauthorized(false).message, "an API key is required in X-API-Key");
  EXPECT_EQ(unauthorized(true).status, 401);
  EXPECT_EQ(bodyTooLarge(10, 5).message,
            "request body is 10 bytes; the limit is 5 bytes (max_body_bytes)");
  EXPECT_EQ(rateLimited(7).retry_after, 7);
  EXPECT_EQ(rateLimited(7).status, 429);
  const auto batch = batchNotWritten(ErrorCode::kQueueFull, "full");
  EXPECT_EQ(batch.code, "queue_full");
  EXPECT_EQ(batch.message, "no event of the batch was written: full");
  EXPECT_EQ(batch.retry_after, kRetryAfterQueueFullSeconds);
  EXPECT_EQ(
      http_server::errorResponse(routeNotFound()).body,
      R"({"error":{"code":"not_found","message":"no such route; see GET /api/openapi.json"}})");
}

}  // namespace
}  // namespace tracker::event_producer
