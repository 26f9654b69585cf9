#pragma once

// A minimal reader of the Protobuf wire format (tag, wire type, payload), used to look at a
// message's fields before handing it to the generated parser: that parser fails a whole message
// on one invalid UTF-8 string and logs about it, while we want a per-field error and no log line
// per bad client request.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tracker::events {

/// Protobuf wire types (groups, 3 and 4, are deprecated and treated as malformed).
enum class WireType : std::uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kFixed32 = 5,
};

/// One field as it appears on the wire.
struct WireField {
  std::uint32_t number = 0;
  WireType type = WireType::kVarint;
  /// The value of a varint field.
  std::uint64_t varint = 0;
  /// The bytes of a length-delimited (or fixed-size) field, pointing into the input.
  std::string_view payload;
};

/// Reads fields one after the other from a message's bytes; does not own them.
class WireReader {
 public:
  /// Reads from `bytes`, which must outlive the reader and the fields it returns.
  explicit WireReader(std::string_view bytes) : bytes_(bytes) {}

  /// True when every byte has been read.
  bool atEnd() const { return position_ == bytes_.size(); }

  /// Offset of the next unread byte (for error messages).
  std::size_t position() const { return position_; }

  /// Reads the next field into `field`; false when the bytes are not a well-formed field (bad
  /// varint, field number 0, group or unknown wire type, payload past the end).
  bool next(WireField& field);

 private:
  bool readVarint(std::uint64_t& value);

  std::string_view bytes_;
  std::size_t position_ = 0;
};

}  // namespace tracker::events
