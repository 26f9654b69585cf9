#pragma once

// Strict parsing of numbers from configuration text (flags, environment variables): the whole
// text must be the number, so "10s" or "" is an error rather than a silent 10 or 0.

#include "common/result.h"

#include <cstdint>
#include <string_view>

namespace tracker::common {

/// Parses a base-10 signed 64-bit integer; fails with errc::kInvalidNumber.
Result<std::int64_t> parseInt64(std::string_view text);

/// Parses a finite decimal floating-point number; fails with errc::kInvalidNumber.
Result<double> parseDouble(std::string_view text);

}  // namespace tracker::common
