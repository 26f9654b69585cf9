#pragma once

// Wall-clock time as an injectable dependency, so tests decide what "now" is.

#include <cstdint>
#include <functional>

namespace tracker::events {

/// Returns the current Unix time in milliseconds (UTC).
using MillisClock = std::function<std::int64_t()>;

/// Unix time in milliseconds from std::chrono::system_clock.
std::int64_t systemNowMs();

}  // namespace tracker::events
