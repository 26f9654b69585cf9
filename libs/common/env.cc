#include "common/env.h"

#include "common/errors.h"
#include "common/parse.h"

#include <cctype>
#include <cstdlib>

namespace tracker::common {

std::optional<std::string> getEnv(const std::string& name) {
  // std::getenv is safe here as long as nobody calls setenv concurrently; services read their
  // environment once at start-up.
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string getEnvOr(const std::string& name, std::string_view fallback) {
  return getEnv(name).value_or(std::string(fallback));
}

EnvLookup envFromMap(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
}

Result<std::int64_t> getEnvInt(const std::string& name, std::int64_t fallback) {
  auto text = getEnv(name);
  if (!text) return fallback;
  auto value = parseInt64(*text);
  if (!value) {
    return makeError(std::string(errc::kInvalidEnvironment),
                     "environment variable " + name + ": " + value.error().message);
  }
  return *value;
}

tl::unexpected<Error> invalidEnvironment(const std::string& name, const std::string& why) {
  return makeError(std::string(errc::kInvalidEnvironment), name + ": " + why);
}

Result<std::string> requireEnv(const EnvLookup& env, const std::string& name,
                               std::string_view example) {
  auto value = env(name);
  if (!value) return invalidEnvironment(name, "required (e.g. " + std::string(example) + ")");
  return *value;
}

Result<std::optional<std::int64_t>> readEnvInt64(const EnvLookup& env, const std::string& name,
                                                 std::int64_t min, std::int64_t max) {
  const auto text = env(name);
  if (!text) return std::optional<std::int64_t>();
  const auto value = parseInt64(*text);
  if (!value) return invalidEnvironment(name, "\"" + *text + "\" is not an integer");
  if (*value < min || *value > max) {
    return invalidEnvironment(name, std::to_string(*value) + " is outside [" + std::to_string(min) +
                                        ", " + std::to_string(max) + "]");
  }
  return std::optional<std::int64_t>(*value);
}

Result<void> readEnvNonNegativeDouble(const EnvLookup& env, const std::string& name,
                                      double& target) {
  const auto text = env(name);
  if (!text) return {};
  const auto value = parseDouble(*text);
  if (!value || *value < 0)
    return invalidEnvironment(name, "\"" + *text + "\" is not a number >= 0");
  target = *value;
  return {};
}

Result<void> readEnvBool(const EnvLookup& env, const std::string& name, bool& target) {
  const auto text = env(name);
  if (!text) return {};
  std::string lowered;
  for (char c : *text) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "true" || lowered == "1" || lowered == "yes") {
    target = true;
  } else if (lowered == "false" || lowered == "0" || lowered == "no") {
    target = false;
  } else {
    return invalidEnvironment(name, "\"" + *text + "\" is not true/false");
  }
  return {};
}

}  // namespace tracker::common
