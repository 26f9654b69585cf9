#pragma once

// The routes of event-consumer:
//   GET /health/live    200 while the consumer thread has not died on its own, else 503
//   GET /health/ready   200 when consuming with every sink up, else 503 + reasons
//   GET /api/status     instance, group, member, partitions, sinks, counters, last rebalances
// Unknown paths answer 404 and known paths with another method 405, both as JSON errors.

#include "consumer_status.h"
#include "http_server/router.h"

#include <memory>

namespace tracker::event_consumer {

/// Builds the router; `status` must outlive it.
std::unique_ptr<http_server::Router> makeHttpApi(const ConsumerStatus& status);

}  // namespace tracker::event_consumer
