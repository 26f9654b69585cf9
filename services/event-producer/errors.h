#pragma once

// The error codes event-producer answers with, written once: an enum (typed, so a code cannot be
// misspelled), one code → (HTTP status, wire code, Retry-After) table and one factory per
// message. They become http_server::ApiError ({"error":{"code","message"}}) at the HTTP boundary
// only. The wire codes are the API contract (openapi.json): never rename them. Whole-body parse
// errors keep the codes libs/events gives them (mapBodyError in ingest_handler.h).

#include "http_server/api_error.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace tracker::event_producer {

/// Retry-After seconds for the 503 answers: a full queue drains in about a second; an outage or
/// a restart takes longer.
inline constexpr int kRetryAfterUnavailableSeconds = 5;
inline constexpr int kRetryAfterQueueFullSeconds = 1;

/// Every error code of the service (HTTP answers, delivery outcomes, metric labels).
enum class ErrorCode {
  kNotFound,                 ///< 404 not_found: no such route
  kMethodNotAllowed,         ///< 405 method_not_allowed
  kNotLive,                  ///< 503 not_live: a fatal producer error; restart
  kNotReady,                 ///< 503 not_ready (+ Retry-After 5): schemas not resolved
  kUnauthorized,             ///< 401 unauthorized: API key missing or wrong
  kUnsupportedMediaType,     ///< 415 unsupported_media_type
  kBodyTooLarge,             ///< 413 body_too_large
  kRateLimited,              ///< 429 rate_limited (+ Retry-After from the limiter)
  kTooManyRequestsInFlight,  ///< 503 too_many_requests_in_flight (+ Retry-After 1)
  kKafkaUnavailable,         ///< 503 kafka_unavailable (+ Retry-After 5)
  kShuttingDown,             ///< 503 shutting_down (+ Retry-After 5)
  kQueueFull,                ///< 503 queue_full (+ Retry-After 1)
  kDeliveryTimeout,          ///< 503 delivery_timeout (+ Retry-After 5)
  kSerializeFailed,          ///< 503 serialize_failed (+ Retry-After 5)
  kKafkaError,               ///< 503 kafka_error (+ Retry-After 5): any other refusal
};

/// The wire code of `code` ("queue_full", ...).
std::string_view wireCode(ErrorCode code);

/// The HTTP status the table gives `code`.
int httpStatus(ErrorCode code);

/// The Retry-After seconds the table gives `code` (0: none).
int retryAfterFor(ErrorCode code);

/// `code` with its status and Retry-After from the table, and `message`.
http_server::ApiError apiError(ErrorCode code, std::string message);

/// One factory per message the API sends.
http_server::ApiError routeNotFound();
http_server::ApiError methodNotAllowed();
http_server::ApiError notLive();
http_server::ApiError unauthorized(bool key_sent);
http_server::ApiError bodyTooLarge(std::size_t size, std::size_t limit);
http_server::ApiError rateLimited(int retry_after_seconds);
http_server::ApiError tooManyRequestsInFlight(std::size_t limit);
http_server::ApiError batchNotWritten(ErrorCode code, std::string_view reason);

}  // namespace tracker::event_producer
