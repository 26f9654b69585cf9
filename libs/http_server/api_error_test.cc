#include "http_server/api_error.h"

#include <gtest/gtest.h>

namespace tracker::http_server {
namespace {

std::string header(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(ApiErrorTest, RendersTheOneErrorShape) {
  const Response response = errorResponse({404, "not_found", "no such route", 0});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"error":{"code":"not_found","message":"no such route"}})");
  EXPECT_TRUE(response.headers.empty());
}

TEST(ApiErrorTest, RetryAfterOnlyWhenSet) {
  const Response response = errorResponse({503, "kafka_unavailable", "down", 5});
  EXPECT_EQ(header(response, "Retry-After"), "5");
}

TEST(ApiErrorTest, MessagesAreEscapedAndMadeValidUtf8) {
  EXPECT_EQ(renderErrorBody("bad", "a\"b\\c\n\x01\xff"),
            "{\"error\":{\"code\":\"bad\",\"message\":\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\"}}");
}

TEST(ApiErrorTest, ReadinessReadyAndNotReady) {
  const Response ready = readinessResponse({}, 5);
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, R"({"status":"ready"})");
  EXPECT_TRUE(ready.headers.empty());

  const Response not_ready =
      readinessResponse({"postgres down: refused", "consumer not running"}, 5);
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(
      not_ready.body,
      R"({"status":"not_ready","reasons":["postgres down: refused","consumer not running"],)"
      R"("error":{"code":"not_ready","message":"postgres down: refused; consumer not running"}})");
  EXPECT_EQ(header(not_ready, "Retry-After"), "5");
}

}  // namespace
}  // namespace tracker::http_server
