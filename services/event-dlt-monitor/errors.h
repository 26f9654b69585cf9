#pragma once

// The error codes event-dlt-monitor answers with, written once: an enum, one code → (HTTP
// status, wire code, Retry-After) table and one factory per message. They become
// http_server::ApiError ({"error":{"code","message"}}) at the HTTP boundary only. The wire codes
// are the API contract (openapi.json): never rename them.

#include "common/result.h"
#include "http_server/api_error.h"

#include <string>
#include <string_view>

namespace tracker::event_dlt_monitor {

/// Every error code of the service.
enum class ErrorCode {
  kNotFound,             ///< 404 not_found: no such route
  kMethodNotAllowed,     ///< 405 method_not_allowed
  kBadRequest,           ///< 400 bad_request: a malformed parameter or body
  kReasonRequired,       ///< 400 reason_required: discard without a reason
  kUnauthorized,         ///< 401 unauthorized: no admin key sent
  kForbidden,            ///< 403 forbidden: a key that is not an admin key
  kDeadLetterNotFound,   ///< 404 dead_letter_not_found
  kInvalidStatus,        ///< 409 invalid_status: only new and parked rows can be acted on
  kPostgresUnavailable,  ///< 503 postgres_unavailable (+ Retry-After 5)
  kKafkaUnavailable,     ///< 503 kafka_unavailable (+ Retry-After 5): a replay was not acked
  kInternalError,        ///< 500 internal_error: a statement failed for a reason of ours
};

/// `code` with its status and Retry-After from the table, and `message`.
http_server::ApiError apiError(ErrorCode code, std::string message);

/// A failure of the store as an API error: a PostgreSQL outage is 503 postgres_unavailable,
/// anything else (a statement refused: our bug) 500 internal_error.
http_server::ApiError fromStoreError(const common::Error& error);

}  // namespace tracker::event_dlt_monitor
