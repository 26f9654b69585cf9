#pragma once

// The Confluent framing of Protobuf records (spec §2):
//   byte 0      magic 0x00
//   bytes 1-4   schema id, signed 32-bit big-endian
//   bytes 5..   message-index array: varint count N, then N varints (the path of the message type
//               inside the registered file, see message_path.h)
//   rest        the Protobuf encoding of the message
// Current clients write every varint zig-zag encoded; Python clients before 1.8.2 wrote plain
// unsigned varints ("deprecated format"). The two cannot be told apart from the bytes, hence the
// `use_deprecated_format` switch. Path [0] is written as the single byte 0x00 in both formats.

#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::serde {

/// The Confluent magic byte.
inline constexpr std::uint8_t kMagicByte = 0;

/// Magic byte plus schema id.
inline constexpr std::size_t kFrameHeaderSize = 5;

/// The smallest valid frame: header plus the one-byte index array of path [0].
inline constexpr std::size_t kMinFrameSize = kFrameHeaderSize + 1;

/// Index paths longer than this are rejected as malformed: no real schema nests 100 deep, and the
/// bound keeps a corrupt count from making us allocate without limit.
inline constexpr int kMaxMessageIndexes = 100;

/// The message-index array for `path`. Precondition: every entry ≥ 0, at most kMaxMessageIndexes.
std::string encodeMessageIndexes(std::span<const int> path, bool use_deprecated_format);

/// magic 0 + `schema_id` big-endian + encodeMessageIndexes(path) + `payload`.
std::string encodeFrame(std::int32_t schema_id, std::span<const int> path, std::string_view payload,
                        bool use_deprecated_format);

/// A decoded frame. `payload` points into the bytes given to decodeFrame.
struct FrameView {
  std::int32_t schema_id = 0;
  /// Never empty: a count of 0 decodes as [0].
  std::vector<int> message_indexes{};
  std::string_view payload{};
};

/// Splits framed bytes. Accepts both [0] spellings (`00` and the long form `02 00`, or `01 00`
/// in the deprecated format). Fails with errc::kTooShort, errc::kBadMagic or
/// errc::kBadMessageIndexes. The payload may be empty (a message with all fields at default).
common::Result<FrameView> decodeFrame(std::string_view bytes, bool use_deprecated_format);

}  // namespace tracker::serde
