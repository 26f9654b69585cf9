#pragma once

// GET /api/groups: renders the consumer groups of the cluster, as libs/kafka's Admin API view
// (kafka/group_admin.h) reads them, with each partition's lag (kafka/partition_lag.h, the rule
// /api/status and /metrics use too).

#include "kafka/group_admin.h"

#include <string>
#include <vector>

namespace tracker::event_consumer {

/// The service's admin client for /api/groups: its own client handle, one request at a time.
using GroupOverview = kafka::GroupAdmin;

/// The body of GET /api/groups: {"groups":[...]} with per-partition and total lag; `errors`
/// (cluster-level: a broker that did not answer the listing) is included when not empty.
std::string renderGroupsJson(const std::vector<kafka::GroupInfo>& groups,
                             const std::vector<std::string>& errors = {});

}  // namespace tracker::event_consumer
