#include "schema_registry/errors.h"

#include "common/parse.h"

#include <cstdint>

namespace tracker::schema_registry::errc {
namespace {

constexpr std::string_view kPrefix = "schema_registry.";
constexpr std::string_view kHttpPrefix = "schema_registry.http_";

// The HTTP status a registry error number stands for: 40401 → 404, 404 → 404.
int statusOf(std::int64_t number) {
  while (number >= 1000) number /= 10;
  return static_cast<int>(number);
}

bool isTransientStatus(int status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace

std::string registryCode(int error_code) {
  return std::string(kPrefix) + std::to_string(error_code);
}

std::optional<int> registryErrorNumber(const common::Error& error) {
  if (!error.code.starts_with(kPrefix)) return std::nullopt;
  auto number = common::parseInt64(std::string_view(error.code).substr(kPrefix.size()));
  if (!number || *number <= 0 || *number > INT32_MAX) return std::nullopt;
  return static_cast<int>(*number);
}

bool isRegistryError(const common::Error& error, int error_code) {
  return registryErrorNumber(error) == error_code;
}

bool isTransient(const common::Error& error) {
  if (error.code == kTransport) return true;
  if (error.code.starts_with(kHttpPrefix)) {
    auto status = common::parseInt64(std::string_view(error.code).substr(kHttpPrefix.size()));
    return status && isTransientStatus(static_cast<int>(*status));
  }
  if (auto number = registryErrorNumber(error)) return isTransientStatus(statusOf(*number));
  return false;
}

}  // namespace tracker::schema_registry::errc
