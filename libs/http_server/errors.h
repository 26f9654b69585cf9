#pragma once

// Error codes raised by the http_server module (see common::Error::code).

#include <string_view>

namespace tracker::http_server::errc {

/// The request cannot be understood (bad percent-escape, bad boolean parameter).
inline constexpr std::string_view kBadRequest = "http_server.bad_request";

/// The server cannot listen (address in use, bad host).
inline constexpr std::string_view kStartFailed = "http_server.start_failed";

}  // namespace tracker::http_server::errc
