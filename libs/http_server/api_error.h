#pragma once

// The one JSON error voice of our own HTTP APIs (event-producer, event-consumer; the schema
// registry keeps Confluent's shape, which its clients require):
//   {"error":{"code":"<snake_case code>","message":"<for humans>"}}
// plus a Retry-After header when the client should come back later. Services keep their codes
// in their own errors.h (an enum, a code → status table and one factory per message) and turn
// them into ApiError only here, at the HTTP boundary. Readiness answers share one shape too.

#include "http_server/request.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::http_server {

/// One error answer.
struct ApiError {
  /// HTTP status (4xx for the client's fault, 5xx for ours or a dependency's).
  int status = 500;
  /// Stable machine code (the wire value clients match on), e.g. "not_found".
  std::string code;
  /// For humans; may quote client input (escaped and made valid UTF-8 when rendered).
  std::string message;
  /// Seconds for a Retry-After header; 0 sends none.
  int retry_after = 0;
};

/// One row of a service's code table (its errors.cc): what every error of that code carries.
struct ApiErrorKind {
  int status;
  std::string_view code;
  int retry_after;
};

/// One row of a service's code table: its enum value and what that code carries.
template <typename Code>
struct ApiErrorRow {
  Code code;
  ApiErrorKind kind;
};

/// A service's code → (status, wire code, Retry-After) table, indexed by its enum. The rows must
/// list every code in enum order; a service checks that where it defines the table:
///   constexpr http_server::ApiErrorTable<ErrorCode, 3> kErrors = {{{ {ErrorCode::kA, {…}}, … }}};
///   static_assert(kErrors.inEnumOrder(), "…");
template <typename Code, std::size_t N>
struct ApiErrorTable {
  std::array<ApiErrorRow<Code>, N> rows;

  /// Row i holds the code whose value is i.
  constexpr bool inEnumOrder() const {
    for (std::size_t i = 0; i < N; ++i) {
      if (static_cast<std::size_t>(rows[i].code) != i) return false;
    }
    return true;
  }
  /// What `code` carries.
  constexpr const ApiErrorKind& operator[](Code code) const {
    return rows[static_cast<std::size_t>(code)].kind;
  }
};

/// The error of `kind` with `message`.
ApiError makeApiError(const ApiErrorKind& kind, std::string message);

/// {"error":{"code":...,"message":...}}.
std::string renderErrorBody(std::string_view code, std::string_view message);

/// `error` as a response: status, the error body, Retry-After when set.
Response errorResponse(const ApiError& error);

/// A JSON response with `body` as it is (already JSON).
Response jsonResponse(int status, std::string body);

/// Adds "Retry-After: <seconds>" to `response`.
void setRetryAfter(Response& response, int seconds);

/// GET /health/ready: 200 {"status":"ready"} when `reasons` is empty, else 503
/// {"status":"not_ready","reasons":[...],"error":{"code":"not_ready","message":"<reasons;
/// joined>"}} with Retry-After `retry_after` seconds.
Response readinessResponse(const std::vector<std::string>& reasons, int retry_after);

}  // namespace tracker::http_server
