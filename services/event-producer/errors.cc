#include "errors.h"

#include <array>

namespace tracker::event_producer {
namespace {

// The one code → (status, wire code, Retry-After) table, in enum order.
constexpr http_server::ApiErrorTable<ErrorCode, 15> kErrors = {{{
    {ErrorCode::kNotFound, {404, "not_found", 0}},
    {ErrorCode::kMethodNotAllowed, {405, "method_not_allowed", 0}},
    {ErrorCode::kNotLive, {503, "not_live", 0}},
    {ErrorCode::kNotReady, {503, "not_ready", kRetryAfterUnavailableSeconds}},
    {ErrorCode::kUnauthorized, {401, "unauthorized", 0}},
    {ErrorCode::kUnsupportedMediaType, {415, "unsupported_media_type", 0}},
    {ErrorCode::kBodyTooLarge, {413, "body_too_large", 0}},
    {ErrorCode::kRateLimited, {429, "rate_limited", 1}},
    {ErrorCode::kTooManyRequestsInFlight,
     {503, "too_many_requests_in_flight", kRetryAfterQueueFullSeconds}},
    {ErrorCode::kKafkaUnavailable, {503, "kafka_unavailable", kRetryAfterUnavailableSeconds}},
    {ErrorCode::kShuttingDown, {503, "shutting_down", kRetryAfterUnavailableSeconds}},
    {ErrorCode::kQueueFull, {503, "queue_full", kRetryAfterQueueFullSeconds}},
    {ErrorCode::kDeliveryTimeout, {503, "delivery_timeout", kRetryAfterUnavailableSeconds}},
    {ErrorCode::kSerializeFailed, {503, "serialize_failed", kRetryAfterUnavailableSeconds}},
    {ErrorCode::kKafkaError, {503, "kafka_error", kRetryAfterUnavailableSeconds}},
}}};

static_assert(kErrors.inEnumOrder(), "kErrors must list the codes in enum order");

}  // namespace

std::string_view wireCode(ErrorCode code) { return kErrors[code].code; }

int httpStatus(ErrorCode code) { return kErrors[code].status; }

int retryAfterFor(ErrorCode code) { return kErrors[code].retry_after; }

http_server::ApiError apiError(ErrorCode code, std::string message) {
  return http_server::makeApiError(kErrors[code], std::move(message));
}

http_server::ApiError routeNotFound() {
  return apiError(ErrorCode::kNotFound, "no such route; see GET /api/openapi.json");
}

http_server::ApiError methodNotAllowed() {
  return apiError(ErrorCode::kMethodNotAllowed, "this route does not take that method");
}

http_server::ApiError notLive() {
  return apiError(ErrorCode::kNotLive, "fatal Kafka producer error; restart the process");
}

http_server::ApiError unauthorized(bool key_sent) {
  return apiError(ErrorCode::kUnauthorized,
                  key_sent ? "the API key is not valid" : "an API key is required in X-API-Key");
}

http_server::ApiError bodyTooLarge(std::size_t size, std::size_t limit) {
  return apiError(ErrorCode::kBodyTooLarge, "request body is " + std::to_string(size) +
                                                " bytes; the limit is " + std::to_string(limit) +
                                                " bytes (max_body_bytes)");
}

http_server::ApiError rateLimited(int retry_after_seconds) {
  auto error = apiError(ErrorCode::kRateLimited,
                        "over the rate limit of this client; retry after the time in Retry-After");
  error.retry_after = retry_after_seconds;
  return error;
}

http_server::ApiError tooManyRequestsInFlight(std::size_t limit) {
  return apiError(ErrorCode::kTooManyRequestsInFlight,
                  "too many requests are waiting for Kafka (" + std::to_string(limit) + ")");
}

http_server::ApiError batchNotWritten(ErrorCode code, std::string_view reason) {
  return apiError(code, "no event of the batch was written: " + std::string(reason));
}

}  // namespace tracker::event_producer
