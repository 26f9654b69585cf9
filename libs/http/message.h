#pragma once

// Plain value types for one HTTP exchange: what to send and what came back.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::http {

/// The request methods this client supports.
enum class Method { kGet, kPost, kPut, kDelete };

/// "GET", "POST", "PUT" or "DELETE".
std::string_view methodName(Method method);

/// One header line. Names compare case-insensitively (RFC 9110 §5.1).
struct Header {
  std::string name;
  std::string value;

  friend bool operator==(const Header&, const Header&) = default;
};

/// Headers in the order they were given or received; a name may repeat.
using Headers = std::vector<Header>;

/// The value of the first header called `name` (case-insensitive), or nullopt.
std::optional<std::string_view> findHeader(const Headers& headers, std::string_view name);

/// What to send. `url` is complete (scheme, host, path, query) and already percent-encoded.
struct Request {
  Method method = Method::kGet;
  std::string url{};
  Headers headers{};
  /// Sent for every method when non-empty (a DELETE with a body is legal but unusual).
  std::string body{};
};

/// What came back. Any status is a Response, 4xx and 5xx included: deciding what a status means
/// is the caller's job; only a failed exchange is an error.
struct Response {
  int status = 0;
  std::string body{};
  /// Headers of the final response (those of interim 1xx responses and redirects are dropped).
  Headers headers{};

  /// The value of the first header called `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const {
    return findHeader(headers, name);
  }
};

}  // namespace tracker::http
