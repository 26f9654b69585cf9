#pragma once

// The error codes event-consumer itself raises, written once:
//   - ApiErrorCode: what its HTTP API answers, turned into http_server::ApiError (the
//     {"error":{"code","message"}} shape) only here, through a code → (status, wire code,
//     Retry-After) table and one factory per message;
//   - errc: the codes of its own failures, some of which reach dead letters as
//     x-tracker-error-code (the wire values are a contract with DLT readers: never rename).

#include "http_server/api_error.h"

#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// Seconds a client should wait before retrying after an outage answer.
inline constexpr int kRetryAfterSeconds = 5;

/// Every error the HTTP API answers.
enum class ApiErrorCode {
  kNotFound,               ///< 404 not_found: no such route
  kMethodNotAllowed,       ///< 405 method_not_allowed
  kBadRequest,             ///< 400 bad_request
  kInvalidParameter,       ///< 400 invalid_parameter: the message starts with the parameter
  kEventNotFound,          ///< 404 event_not_found
  kGroupNotFound,          ///< 404 group_not_found
  kKafkaUnavailable,       ///< 503 kafka_unavailable (+ Retry-After)
  kPostgresUnavailable,    ///< 503 postgres_unavailable (+ Retry-After)
  kSearchUnavailable,      ///< 503 search_unavailable (+ Retry-After)
  kPostgresNotConfigured,  ///< 503 postgres_not_configured: this instance has no DSN
  kSearchNotConfigured,    ///< 503 search_not_configured: this instance has no search URL
  kPostgresError,          ///< 500 postgres_error
  kSearchError,            ///< 502 search_error
  kInternalError,          ///< 500 internal_error
};

/// The wire code ("not_found", ...) of `code`.
std::string_view wireCode(ApiErrorCode code);

/// `code` with its status and Retry-After from the table, and `message`.
http_server::ApiError apiError(ApiErrorCode code, std::string message);

/// One factory per message the API sends.
http_server::ApiError routeNotFound();
http_server::ApiError methodNotAllowed();
http_server::ApiError emptyGroupParameter();
http_server::ApiError groupNotFound(std::string_view group);
http_server::ApiError kafkaUnavailable(std::string reason);
http_server::ApiError eventNotFound(std::string_view event_id);

/// Codes of the consumer's own failures (common::Error::code, dead-letter x-tracker-error-code).
namespace errc {

/// A record without a value (a tombstone): dead-lettered at the decode stage.
inline constexpr std::string_view kNullValue = "consumer.null_value";
/// A failure injected by TRACKER_CONSUMER_FAULTS (tests only).
inline constexpr std::string_view kFaultInjected = "fault.injected";
/// The DLT's metadata could not be read.
inline constexpr std::string_view kDeadLetterMetadata = "dead_letter.metadata";
/// The DLT has fewer partitions than the source topic.
inline constexpr std::string_view kDeadLetterPartitionCount = "dead_letter.partition_count";
/// A dead letter was not acknowledged (an outage: pause and retry).
inline constexpr std::string_view kDeadLetterProduceFailed = "dead_letter.produce_failed";

}  // namespace errc

}  // namespace tracker::event_consumer
