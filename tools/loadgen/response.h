#pragma once

// Reads the ingest API's answers: how many events of a request were accepted, and why the others
// were rejected (ARCHITECTURE.md §3: 201 for one accepted event, 200 with per-item results for a
// batch, JSON {"error":{"code","message"}} with 4xx/5xx for a request refused whole).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::loadgen {

/// What one HTTP response says about the events of its request.
struct ResponseOutcome {
  std::size_t accepted = 0;
  /// Events not accepted: invalid ones, and valid ones the service could not hand to Kafka.
  std::size_t rejected = 0;
  /// Rejected events by reason: the per-item code of a batch answer ("missing_field"; for an
  /// item with status "failed" — valid, but not taken by the broker — "failed:<code>", e.g.
  /// "failed:queue_full"), or for a request refused whole "http_<status>:<error.code>"
  /// ("http_503:kafka_unavailable"), "http_<status>" when the body names no code. Counts add up
  /// to `rejected`, with "unknown" for items the answer does not explain.
  std::vector<std::pair<std::string, std::size_t>> rejected_by_code = {};

  friend bool operator==(const ResponseOutcome&, const ResponseOutcome&) = default;
};

/// Classifies a response to a request that carried `events` events (`batch`: sent as an array /
/// batch message, so a per-item answer is expected).
///
/// A 2xx answer to a single event accepts it without reading the body (the fast path: most
/// responses of a run). A 2xx batch answer is trusted for its "accepted"/"rejected"/"failed"
/// counts and the codes of its non-accepted "results" items; a 2xx without counts (or not JSON)
/// accepts every event. Any other status rejects every event under "http_<status>[:<error.code>]".
ResponseOutcome classifyResponse(long status, std::string_view body, std::size_t events,
                                 bool batch);

}  // namespace tracker::loadgen
