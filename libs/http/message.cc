#include "http/message.h"

#include <algorithm>
#include <cctype>

namespace tracker::http {
namespace {

bool equalsIgnoringCase(std::string_view left, std::string_view right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

std::string_view methodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
  }
  return "GET";  // Unreachable: every enumerator is handled above.
}

std::optional<std::string_view> findHeader(const Headers& headers, std::string_view name) {
  for (const Header& header : headers) {
    if (equalsIgnoringCase(header.name, name)) return std::string_view(header.value);
  }
  return std::nullopt;
}

}  // namespace tracker::http
