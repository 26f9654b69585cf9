#pragma once

// Reading configuration from environment variables. An empty variable counts as unset, like the
// shell's ${NAME:-default}, so `NAME= ./service` falls back to the default.

#include "common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::common {

/// The value of environment variable `name`, or nullopt when it is unset or empty.
std::optional<std::string> getEnv(const std::string& name);

/// The value of environment variable `name`, or `fallback` when it is unset or empty.
std::string getEnvOr(const std::string& name, std::string_view fallback);

/// The integer value of environment variable `name`, or `fallback` when it is unset or empty.
/// A set but non-numeric value is an error (errc::kInvalidEnvironment) naming the variable.
Result<std::int64_t> getEnvInt(const std::string& name, std::int64_t fallback);

}  // namespace tracker::common
