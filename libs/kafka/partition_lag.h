#pragma once

// The one lag rule of the project: how many records of a partition a consumer group has not yet
// finished. Every endpoint that shows lag (event-consumer's /api/status, /metrics and /api/groups)
// computes it here, so two of them can never disagree for the same numbers.

#include <cstdint>
#include <optional>

namespace tracker::kafka {

/// Records between the partition's high watermark and where the group stands:
///   - an empty partition (high watermark 0) has lag 0, whatever else is known;
///   - otherwise the group stands at its committed offset; before its first commit ("no commit
///     yet") it stands at the consumer's position (the next offset it will fetch), when one is
///     known — a member that has fetched but not yet committed shows the records still ahead of
///     it, not nothing;
///   - the result is clamped at 0 (a high watermark read before the commit may be older);
///   - unknown (nullopt) when the high watermark is unknown, or when neither a committed offset
///     nor a position is known (e.g. the Admin API's view of a group that never committed).
/// Negative inputs (librdkafka's logical offsets such as -1001 "invalid") count as unknown.
std::optional<std::int64_t> partitionLag(std::optional<std::int64_t> committed,
                                         std::optional<std::int64_t> position,
                                         std::optional<std::int64_t> high_watermark);

}  // namespace tracker::kafka
