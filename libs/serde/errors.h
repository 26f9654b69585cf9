#pragma once

// Error codes raised by the serde module (see common::Error::code). Registry failures met while
// serializing or deserializing (transport, 5xx, 409 incompatible on register, ...) are passed
// through unchanged with their schema_registry codes, so schema_registry::errc::isTransient tells
// "retry later" from "send to the dead-letter topic".

#include <string_view>

namespace tracker::serde::errc {

/// Framed bytes shorter than magic + schema id + one index byte (6 bytes).
inline constexpr std::string_view kTooShort = "serde.too_short";

/// The first byte is not the Confluent magic 0 (1 = schema GUID framing, not supported).
inline constexpr std::string_view kBadMagic = "serde.bad_magic";

/// The message-index array is malformed: truncated or over-long varint, negative count or index,
/// or more than kMaxMessageIndexes entries.
inline constexpr std::string_view kBadMessageIndexes = "serde.bad_message_indexes";

/// The registry does not know the schema id in the frame (registry error 40403, or id ≤ 0).
inline constexpr std::string_view kUnknownSchemaId = "serde.unknown_schema_id";

/// The writer schema has no message at the frame's index path.
inline constexpr std::string_view kUnknownMessageIndex = "serde.unknown_message_index";

/// The writer message is not the message type the caller expects (different full name).
inline constexpr std::string_view kWrongMessageType = "serde.wrong_message_type";

/// The writer message has fields the compiled reader type cannot read (protobuf_compat.h).
inline constexpr std::string_view kIncompatibleSchema = "serde.incompatible_schema";

/// The writer schema from the registry cannot be parsed or built (syntax error, unresolved import).
inline constexpr std::string_view kInvalidSchema = "serde.invalid_schema";

/// The payload after the frame header is not a valid encoding of the message.
inline constexpr std::string_view kInvalidPayload = "serde.invalid_payload";

/// The message could not be encoded (proto2 required fields missing, over 2 GiB).
inline constexpr std::string_view kSerializeFailed = "serde.serialize_failed";

}  // namespace tracker::serde::errc
