#include "errors.h"

#include "postgres/failure.h"

namespace tracker::event_dlt_monitor {
namespace {

constexpr int kRetryAfterSeconds = 5;

constexpr http_server::ApiErrorTable<ErrorCode, 11> kErrors = {{{
    {ErrorCode::kNotFound, {404, "not_found", 0}},
    {ErrorCode::kMethodNotAllowed, {405, "method_not_allowed", 0}},
    {ErrorCode::kBadRequest, {400, "bad_request", 0}},
    {ErrorCode::kReasonRequired, {400, "reason_required", 0}},
    {ErrorCode::kUnauthorized, {401, "unauthorized", 0}},
    {ErrorCode::kForbidden, {403, "forbidden", 0}},
    {ErrorCode::kDeadLetterNotFound, {404, "dead_letter_not_found", 0}},
    {ErrorCode::kInvalidStatus, {409, "invalid_status", 0}},
    {ErrorCode::kPostgresUnavailable, {503, "postgres_unavailable", kRetryAfterSeconds}},
    {ErrorCode::kKafkaUnavailable, {503, "kafka_unavailable", kRetryAfterSeconds}},
    {ErrorCode::kInternalError, {500, "internal_error", 0}},
}}};

static_assert(kErrors.inEnumOrder(), "kErrors must list the codes in enum order");

}  // namespace

http_server::ApiError apiError(ErrorCode code, std::string message) {
  return http_server::makeApiError(kErrors[code], std::move(message));
}

http_server::ApiError fromStoreError(const common::Error& error) {
  if (postgres::isOutage(error)) return apiError(ErrorCode::kPostgresUnavailable, error.message);
  return apiError(ErrorCode::kInternalError, error.code + ": " + error.message);
}

}  // namespace tracker::event_dlt_monitor
