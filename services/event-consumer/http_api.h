#pragma once

// The routes of event-consumer:
//   GET /health/live    200 while the consumer thread has not died on its own, else 503
//   GET /health/ready   200 when consuming with every sink up, else 503 + reasons, error and
//                       Retry-After (http_server::readinessResponse, as event-producer)
//   GET /api/status     instance, group, member, partitions, sinks, counters, last rebalances
//   GET /metrics        Prometheus text (consumer_metrics.h)
//   GET /api/groups     the cluster's consumer groups, members, offsets and lag
//                       (?group=<id>: that group only; 404 group_not_found, 503 kafka_unavailable)
// Errors are {"error":{"code","message"}} (http_server/api_error.h; codes in errors.h). Unknown
// paths answer 404 not_found and known paths with another method 405 method_not_allowed.

#include "consumer_metrics.h"
#include "consumer_status.h"
#include "group_overview.h"
#include "http_server/router.h"

#include <memory>
#include <string>

namespace tracker::event_consumer {

/// Builds the router; everything referenced must outlive it.
std::unique_ptr<http_server::Router> makeHttpApi(const ConsumerStatus& status,
                                                 const ConsumerMetrics& metrics,
                                                 const GroupOverview& groups);

}  // namespace tracker::event_consumer
