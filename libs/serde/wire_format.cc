#include "serde/wire_format.h"

#include "serde/errors.h"

#include <cstdint>
#include <limits>
#include <optional>

namespace tracker::serde {
namespace {

// A 32-bit value never needs more than 5 varint bytes (Kafka's ByteUtils.readVarint bound).
constexpr int kMaxVarintBytes = 5;

void appendUnsignedVarint(std::string& out, std::uint32_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void appendVarint(std::string& out, std::int32_t value, bool use_deprecated_format) {
  if (use_deprecated_format) {
    appendUnsignedVarint(out, static_cast<std::uint32_t>(value));
  } else {
    // Zig-zag: 0 → 0, -1 → 1, 1 → 2, 2 → 4, ...
    appendUnsignedVarint(
        out, (static_cast<std::uint32_t>(value) << 1) ^ static_cast<std::uint32_t>(value >> 31));
  }
}

// Reads one varint from `bytes` at `offset`, advancing it. nullopt when truncated or longer
// than 5 bytes, or (deprecated format) above INT32_MAX.
std::optional<std::int32_t> readVarint(std::string_view bytes, std::size_t& offset,
                                       bool use_deprecated_format) {
  std::uint64_t raw = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    if (offset >= bytes.size()) return std::nullopt;
    const auto byte = static_cast<std::uint8_t>(bytes[offset++]);
    raw |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (raw > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
      const auto value = static_cast<std::uint32_t>(raw);
      if (use_deprecated_format) {
        if (value > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max())) {
          return std::nullopt;
        }
        return static_cast<std::int32_t>(value);
      }
      return static_cast<std::int32_t>((value >> 1) ^ (~(value & 1) + 1));
    }
  }
  return std::nullopt;
}

tl::unexpected<common::Error> badIndexes(std::string why) {
  return common::makeError(std::string(errc::kBadMessageIndexes), "message-index array: " + why);
}

}  // namespace

std::string encodeMessageIndexes(std::span<const int> path, bool use_deprecated_format) {
  std::string out;
  if (path.size() == 1 && path[0] == 0) {
    out += '\0';  // The common case gets the one-byte shortcut (count 0 means [0]).
    return out;
  }
  appendVarint(out, static_cast<std::int32_t>(path.size()), use_deprecated_format);
  for (const int index : path) appendVarint(out, index, use_deprecated_format);
  return out;
}

std::string encodeFrame(std::int32_t schema_id, std::span<const int> path, std::string_view payload,
                        bool use_deprecated_format) {
  std::string out;
  out.reserve(kFrameHeaderSize + 1 + path.size() * 2 + payload.size());
  out += static_cast<char>(kMagicByte);
  const auto id = static_cast<std::uint32_t>(schema_id);
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((id >> shift) & 0xFF);
  out += encodeMessageIndexes(path, use_deprecated_format);
  out.append(payload);
  return out;
}

common::Result<FrameView> decodeFrame(std::string_view bytes, bool use_deprecated_format) {
  if (bytes.size() < kMinFrameSize) {
    return common::makeError(std::string(errc::kTooShort),
                             std::to_string(bytes.size()) +
                                 " bytes cannot hold a Confluent frame (" +
                                 std::to_string(kMinFrameSize) + " at least)");
  }
  const auto magic = static_cast<std::uint8_t>(bytes[0]);
  if (magic != kMagicByte) {
    return common::makeError(std::string(errc::kBadMagic),
                             "magic byte " + std::to_string(magic) + ", expected 0" +
                                 (magic == 1 ? " (schema GUID framing is not supported)" : ""));
  }
  FrameView frame;
  std::uint32_t id = 0;
  for (std::size_t i = 1; i < kFrameHeaderSize; ++i) {
    id = (id << 8) | static_cast<std::uint8_t>(bytes[i]);
  }
  frame.schema_id = static_cast<std::int32_t>(id);

  std::size_t offset = kFrameHeaderSize;
  const auto count = readVarint(bytes, offset, use_deprecated_format);
  if (!count) return badIndexes("truncated or over-long count");
  if (*count < 0) return badIndexes("negative count " + std::to_string(*count));
  if (*count > kMaxMessageIndexes) {
    return badIndexes("count " + std::to_string(*count) + " exceeds " +
                      std::to_string(kMaxMessageIndexes));
  }
  if (*count == 0) {
    frame.message_indexes = {0};
  } else {
    frame.message_indexes.reserve(static_cast<std::size_t>(*count));
    for (int i = 0; i < *count; ++i) {
      const auto index = readVarint(bytes, offset, use_deprecated_format);
      if (!index) return badIndexes("truncated or over-long index " + std::to_string(i));
      if (*index < 0) return badIndexes("negative index " + std::to_string(*index));
      frame.message_indexes.push_back(*index);
    }
  }
  frame.payload = bytes.substr(offset);
  return frame;
}

}  // namespace tracker::serde
