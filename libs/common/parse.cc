#include "common/parse.h"

#include "common/errors.h"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

namespace tracker::common {
namespace {

template <typename T>
Result<T> parseWhole(std::string_view text, std::string_view what) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) {
    return makeError(std::string(errc::kInvalidNumber),
                     "\"" + std::string(text) + "\" is not " + std::string(what));
  }
  return value;
}

}  // namespace

Result<std::int64_t> parseInt64(std::string_view text) {
  return parseWhole<std::int64_t>(text, "a 64-bit integer");
}

Result<double> parseDouble(std::string_view text) {
  auto value = parseWhole<double>(text, "a number");
  if (value && !std::isfinite(*value)) {
    return makeError(std::string(errc::kInvalidNumber),
                     "\"" + std::string(text) + "\" is not a finite number");
  }
  return value;
}

}  // namespace tracker::common
