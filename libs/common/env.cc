#include "common/env.h"

#include "common/errors.h"
#include "common/parse.h"

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

}  // namespace tracker::common
