#pragma once

// Reading configuration from environment variables. An empty variable counts as unset, like the
// shell's ${NAME:-default}, so `NAME= ./service` falls back to the default.
//
// Services parse their configuration through an EnvLookup rather than the process environment, so
// their tests pass a map; the readEnv* helpers below are the one place that parses and
// range-checks such a variable, and every failure is errc::kInvalidEnvironment as "NAME: why".

#include "common/result.h"

#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
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

/// Looks up one configuration variable; nullopt when unset or empty. getEnv is the production
/// lookup; tests pass a map.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// A lookup over fixed values (tests, a configuration read from elsewhere); an empty value counts
/// as unset, as with getEnv.
EnvLookup envFromMap(std::map<std::string, std::string> values);

/// The error for variable `name` holding an unusable value: errc::kInvalidEnvironment with the
/// message "<name>: <why>".
tl::unexpected<Error> invalidEnvironment(const std::string& name, const std::string& why);

/// The value of a variable that must be set; when it is not, an error naming it and showing
/// `example` ("NAME: required (e.g. <example>)").
Result<std::string> requireEnv(const EnvLookup& env, const std::string& name,
                               std::string_view example);

/// The integer value of variable `name`, nullopt when unset. A value that is not an integer, or
/// lies outside [min, max], is an error naming the variable (and the range).
Result<std::optional<std::int64_t>> readEnvInt64(const EnvLookup& env, const std::string& name,
                                                 std::int64_t min, std::int64_t max);

/// Reads integer variable `name` into `target` when set, checking [min, max]; leaves `target`
/// (its default) untouched when unset. The range must fit `Integer`.
template <std::integral Integer>
Result<void> readEnvInt(const EnvLookup& env, const std::string& name, std::int64_t min,
                        std::int64_t max, Integer& target) {
  auto value = readEnvInt64(env, name, min, max);
  if (!value) return tl::unexpected(value.error());
  if (*value) target = static_cast<Integer>(**value);
  return {};
}

/// Reads a number >= 0 (a rate, a burst size) into `target` when set; a value that is not a
/// finite number, or is negative, is an error naming the variable.
Result<void> readEnvNonNegativeDouble(const EnvLookup& env, const std::string& name,
                                      double& target);

/// Reads a boolean into `target` when set: true/1/yes or false/0/no, in any case; anything else
/// is an error naming the variable.
Result<void> readEnvBool(const EnvLookup& env, const std::string& name, bool& target);

}  // namespace tracker::common
