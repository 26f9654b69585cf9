#pragma once

// Writing a JSON string literal by hand, for services that build small JSON bodies without a
// JSON library (the error bodies of api_error.h, the producer's ingest answers).

#include <string>
#include <string_view>

namespace tracker::common {

/// Appends `text` to `out` as a JSON string literal (quotes included): '"', '\\' and control
/// characters escaped, invalid UTF-8 bytes replaced by U+FFFD, whatever the client sent.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace tracker::common
