#include "errors.h"

#include <array>

namespace tracker::event_consumer {
namespace {

// The one code → (status, wire code, Retry-After) table, in enum order.
constexpr http_server::ApiErrorTable<ApiErrorCode, 14> kApiErrors = {{{
    {ApiErrorCode::kNotFound, {404, "not_found", 0}},
    {ApiErrorCode::kMethodNotAllowed, {405, "method_not_allowed", 0}},
    {ApiErrorCode::kBadRequest, {400, "bad_request", 0}},
    {ApiErrorCode::kInvalidParameter, {400, "invalid_parameter", 0}},
    {ApiErrorCode::kEventNotFound, {404, "event_not_found", 0}},
    {ApiErrorCode::kGroupNotFound, {404, "group_not_found", 0}},
    {ApiErrorCode::kKafkaUnavailable, {503, "kafka_unavailable", kRetryAfterSeconds}},
    {ApiErrorCode::kPostgresUnavailable, {503, "postgres_unavailable", kRetryAfterSeconds}},
    {ApiErrorCode::kSearchUnavailable, {503, "search_unavailable", kRetryAfterSeconds}},
    {ApiErrorCode::kPostgresNotConfigured, {503, "postgres_not_configured", 0}},
    {ApiErrorCode::kSearchNotConfigured, {503, "search_not_configured", 0}},
    {ApiErrorCode::kPostgresError, {500, "postgres_error", 0}},
    {ApiErrorCode::kSearchError, {502, "search_error", 0}},
    {ApiErrorCode::kInternalError, {500, "internal_error", 0}},
}}};

static_assert(kApiErrors.inEnumOrder(), "kApiErrors must list the codes in enum order");

}  // namespace

std::string_view wireCode(ApiErrorCode code) { return kApiErrors[code].code; }

http_server::ApiError apiError(ApiErrorCode code, std::string message) {
  return http_server::makeApiError(kApiErrors[code], std::move(message));
}

http_server::ApiError routeNotFound() { return apiError(ApiErrorCode::kNotFound, "no such route"); }

http_server::ApiError methodNotAllowed() {
  return apiError(ApiErrorCode::kMethodNotAllowed, "method not allowed on this route");
}

http_server::ApiError emptyGroupParameter() {
  return apiError(ApiErrorCode::kBadRequest, "group must not be empty");
}

http_server::ApiError groupNotFound(std::string_view group) {
  return apiError(ApiErrorCode::kGroupNotFound, "Kafka knows no group " + std::string(group));
}

http_server::ApiError kafkaUnavailable(std::string reason) {
  return apiError(ApiErrorCode::kKafkaUnavailable, std::move(reason));
}

http_server::ApiError eventNotFound(std::string_view event_id) {
  return apiError(ApiErrorCode::kEventNotFound, "no event " + std::string(event_id));
}

}  // namespace tracker::event_consumer
