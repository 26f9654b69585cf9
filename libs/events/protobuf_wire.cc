#include "events/protobuf_wire.h"

namespace tracker::events {

namespace {

constexpr std::uint64_t kMaxFieldNumber = (std::uint64_t{1} << 29) - 1;
constexpr int kMaxVarintBytes = 10;

}  // namespace

bool WireReader::readVarint(std::uint64_t& value) {
  value = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    if (position_ == bytes_.size()) return false;
    const auto byte = static_cast<unsigned char>(bytes_[position_++]);
    if (i == kMaxVarintBytes - 1 && byte > 1) return false;  // more than 64 bits
    value |= std::uint64_t{byte & 0x7Fu} << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool WireReader::next(WireField& field) {
  std::uint64_t tag = 0;
  if (!readVarint(tag)) return false;
  const std::uint64_t number = tag >> 3;
  if (number == 0 || number > kMaxFieldNumber) return false;
  field.number = static_cast<std::uint32_t>(number);
  field.varint = 0;
  field.payload = {};
  std::uint64_t size = 0;
  switch (tag & 7) {
    case 0:
      field.type = WireType::kVarint;
      return readVarint(field.varint);
    case 1:
      field.type = WireType::kFixed64;
      size = 8;
      break;
    case 2:
      field.type = WireType::kLengthDelimited;
      if (!readVarint(size)) return false;
      break;
    case 5:
      field.type = WireType::kFixed32;
      size = 4;
      break;
    default:
      return false;
  }
  if (size > bytes_.size() - position_) return false;
  field.payload = bytes_.substr(position_, size);
  position_ += size;
  return true;
}

}  // namespace tracker::events
