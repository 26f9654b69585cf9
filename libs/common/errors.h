#pragma once

// Error codes raised by the common module (see Error::code in result.h).

#include <string_view>

namespace tracker::common::errc {

/// Text that should hold a number does not (empty, trailing junk, out of range).
inline constexpr std::string_view kInvalidNumber = "common.invalid_number";

/// An environment variable is set to a value that cannot be used.
inline constexpr std::string_view kInvalidEnvironment = "common.invalid_environment";

}  // namespace tracker::common::errc
