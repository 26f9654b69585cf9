#pragma once

// The routes of event-producer and the request-counting wrapper around them:
//   POST /api/events          ingest (ingest_handler.h)
//   GET  /health/live         200 while the process is usable, 503 after a fatal producer error
//   GET  /health/ready        200 when schemas are resolved and Kafka is usable, else 503 + reasons
//   GET  /metrics             Prometheus text
//   GET  /api/openapi.json    the OpenAPI 3 document (openapi.json, embedded at build time)
// Unknown paths answer 404 and known paths with another method 405, both as JSON errors.

#include "health.h"
#include "http_server/router.h"
#include "ingest_handler.h"
#include "metrics/metrics_registry.h"
#include "producer_metrics.h"

#include <memory>
#include <string_view>

namespace tracker::event_producer {

/// The OpenAPI document (generated openapi_document.cc).
std::string_view openApiDocument();

/// Builds the router. Everything referenced must outlive it.
std::unique_ptr<http_server::Router> makeHttpApi(IngestHandler& ingest, const HealthState& health,
                                                 const metrics::MetricsRegistry& registry);

/// Wraps `router`'s handler so that every answer is counted in `metrics` by route, method and
/// status. The router and metrics must outlive the returned handler.
http_server::RequestHandler countingRequests(const http_server::Router& router,
                                             ProducerMetrics& metrics);

}  // namespace tracker::event_producer
