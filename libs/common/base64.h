#pragma once

// Standard base64 (RFC 4648 §4, "+/" alphabet), as used by the registry for serialized
// FileDescriptorProtos (`format=serialized`).

#include <optional>
#include <string>
#include <string_view>

namespace tracker::common {

/// `bytes` in base64 with '=' padding.
std::string base64Encode(std::string_view bytes);

/// The bytes `text` encodes, or nullopt when `text` contains anything but the alphabet and
/// trailing padding, or has an impossible length. Padding may be omitted.
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace tracker::common
