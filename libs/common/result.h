#pragma once

// Errors as values: every caller-visible, expected failure in this project is returned as a
// Result<T> instead of thrown. Exceptions stay inside a library boundary.

#include <tl/expected.hpp>

#include <string>
#include <utility>

namespace tracker::common {

/// A caller-visible failure: a stable machine code plus a message for humans.
///
/// `code` has the form "<module>.<reason>" (for example "kafka.invalid_config"); each module
/// declares its codes as constants in its own `errors.h`. Boundaries (HTTP responses, dead-letter
/// headers, exit codes) decide on `code`, never on `message`.
struct Error {
  std::string code;
  std::string message;

  /// "<code>: <message>", for logs and stderr.
  std::string toString() const { return code + ": " + message; }

  friend bool operator==(const Error&, const Error&) = default;
};

/// The value of a fallible operation, or the Error explaining why there is none.
template <typename T>
using Result = tl::expected<T, Error>;

/// Builds the error side of a Result: `return makeError("kafka.invalid_config", "...");`.
inline tl::unexpected<Error> makeError(std::string code, std::string message) {
  return tl::unexpected<Error>(Error{std::move(code), std::move(message)});
}

}  // namespace tracker::common
