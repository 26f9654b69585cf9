#include "errors.h"

#include <array>

namespace tracker::event_consumer {
namespace {

struct Entry {
  ApiErrorCode code;  // the table is indexed by the enum; the static_assert keeps it in order
  http_server::ApiErrorKind kind;
};

// The one code → (status, wire code, Retry-After) table, in enum order.
constexpr std::array<Entry, 14> kApiErrors = {{
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
}};

constexpr bool inEnumOrder() {
  for (std::size_t i = 0; i < kApiErrors.size(); ++i) {
    if (static_cast<std::size_t>(kApiErrors[i].code) != i) return false;
  }
  return true;
}
static_assert(inEnumOrder(), "kApiErrors must list the codes in enum order");

const Entry& entry(ApiErrorCode code) { return kApiErrors[static_cast<std::size_t>(code)]; }

}  // namespace

std::string_view wireCode(ApiErrorCode code) { return entry(code).kind.code; }

http_server::ApiError apiError(ApiErrorCode code, std::string message) {
  return http_server::makeApiError(entry(code).kind, std::move(message));
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
