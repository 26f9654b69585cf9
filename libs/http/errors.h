#pragma once

// Error codes raised by the http module (see common::Error::code).

#include <string_view>

namespace tracker::http::errc {

/// The exchange did not complete: DNS, connect, TLS, reset, timeout. The message carries
/// libcurl's explanation. Usually transient: worth retrying with back-off.
inline constexpr std::string_view kTransport = "http.transport";

/// The request can never succeed as written (malformed URL, unsupported scheme). Not transient.
inline constexpr std::string_view kInvalidRequest = "http.invalid_request";

/// The response body exceeded ClientOptions::max_response_bytes; the transfer was aborted.
inline constexpr std::string_view kResponseTooLarge = "http.response_too_large";

/// libcurl could not be initialised (out of memory, broken installation).
inline constexpr std::string_view kInitialisation = "http.initialisation";

}  // namespace tracker::http::errc
