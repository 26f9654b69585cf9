#pragma once

// POST /api/events: authenticate, pick the body format, parse and validate, rate-limit, produce
// the valid items and answer once Kafka has acknowledged every one of them. The request is held
// (its Responder kept) while Kafka works; the answer is sent from the delivery-report path, so no
// HTTP thread ever waits for Kafka.

#include "api_key_auth.h"
#include "content_type.h"
#include "events/catalogue.h"
#include "events/ingest_item.h"
#include "events/json_event_parser.h"
#include "events/uuid_v7.h"
#include "health.h"
#include "http_server/api_error.h"
#include "http_server/request.h"
#include "http_server/router.h"
#include "kafka_sink.h"
#include "producer_metrics.h"
#include "rate_limiter.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace tracker::event_producer {

/// Limits of the ingest path.
struct IngestOptions {
  events::BodyLimits body;
  events::ValidationLimits validation;
  /// Requests waiting for Kafka at once; beyond, 503 too_many_requests_in_flight.
  std::size_t max_inflight_requests = 2048;
};

/// Maps a whole-body error code of libs/events ("events.malformed_json") to the HTTP status and
/// the API error code ("malformed_json").
struct BodyErrorMapping {
  int status;
  std::string code;
};
BodyErrorMapping mapBodyError(std::string_view events_code);

/// The handler of POST /api/events. Thread-safe; everything referenced must outlive it, and the
/// sink must be stopped before it is destroyed (pending completions call back into it).
class IngestHandler {
 public:
  IngestHandler(IngestOptions options, const events::Catalogue& catalogue,
                events::UuidV7Generator& ids, const ApiKeyAuth& auth, RateLimiter& limiter,
                const HealthState& health, KafkaSink& sink, ProducerMetrics& metrics);
  ~IngestHandler();

  /// Handles one request; `respond` is called exactly once, possibly later from another thread.
  void handle(const http_server::Request& request, http_server::Responder respond);

  /// Requests currently waiting for Kafka.
  std::size_t inflight() const { return inflight_.load(); }

 private:
  struct HeldRequest;

  std::unique_ptr<events::JsonEventParser> takeParser();
  void returnParser(std::unique_ptr<events::JsonEventParser> parser);
  common::Result<events::ParsedBody> parseBody(const std::string& body, BodyFormat format);
  // Hands the accepted items of `body` to Kafka (or answers at once when there are none) and
  // keeps `respond` until complete().
  void produceAccepted(events::ParsedBody body, http_server::Responder respond);
  void complete(HeldRequest& held, std::vector<DeliveryOutcome> outcomes);
  // Counts the refusal (by its code) and answers it.
  http_server::Response refuse(const http_server::ApiError& error);

  IngestOptions options_;
  events::IngestContext context_;
  const ApiKeyAuth& auth_;
  RateLimiter& limiter_;
  const HealthState& health_;
  KafkaSink& sink_;
  ProducerMetrics& metrics_;
  std::atomic<std::size_t> inflight_{0};
  // JsonEventParser is single-threaded and keeps buffers; idle ones are reused.
  std::mutex parsers_mutex_;
  std::vector<std::unique_ptr<events::JsonEventParser>> idle_parsers_;
};

}  // namespace tracker::event_producer
