#include "kafka/partition_lag.h"

#include <algorithm>

namespace tracker::kafka {
namespace {

// librdkafka reports "no offset" with negative logical offsets; treat them as absent.
std::optional<std::int64_t> known(std::optional<std::int64_t> offset) {
  if (offset && *offset >= 0) return offset;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> partitionLag(std::optional<std::int64_t> committed,
                                         std::optional<std::int64_t> position,
                                         std::optional<std::int64_t> high_watermark) {
  const auto end = known(high_watermark);
  if (!end) return std::nullopt;
  if (*end == 0) return 0;  // an empty partition: nothing to lag behind
  const auto stands_at = known(committed) ? known(committed) : known(position);
  if (!stands_at) return std::nullopt;
  return std::max<std::int64_t>(0, *end - *stands_at);
}

}  // namespace tracker::kafka
