#include "events/protobuf_body_parser.h"

#include "common/utf8.h"
#include "events/errors.h"
#include "events/protobuf_wire.h"

#include <array>
#include <string>

namespace tracker::events {

using common::isValidUtf8;
using common::utf8Prefix;

namespace {

using common::Result;

/// What looking at an event's wire fields found.
enum class Scan {
  kParseable,  // the generated parser can take it (possibly with item errors already recorded)
  kRejected,   // item errors recorded; parsing would fail or cost too much
  kMalformed,  // not a Protobuf message at all
};

constexpr std::uint32_t kTimestampField = 5;
constexpr std::uint32_t kExtraDataField = 8;
constexpr std::uint32_t kBatchEventsField = 1;

// Field numbers 1..8 of events.UserBehaviorEvent, by number.
constexpr std::array<std::string_view, 9> kFieldNames = {
    "",          "event_id",    "event_type",     "user_id",   "target_user_id",
    "timestamp", "device_type", "source_channel", "extra_data"};

// The scan stops at the cap: the item is rejected whatever follows, and a body of nothing but
// unknown fields must not cost an error (and an answer line) per field.
bool full(const IngestItem& item) { return item.errors.size() >= kMaxErrorsPerItem; }

// Checks one map entry (key = 1, value = 2, both strings); false when the entry is malformed.
bool scanExtraDataEntry(std::string_view entry, IngestItem& item, bool& rejected) {
  WireReader reader(entry);
  std::string_view key;
  std::string_view value;
  while (!reader.atEnd()) {
    WireField field;
    if (!reader.next(field)) return false;
    if ((field.number == 1 || field.number == 2) && field.type != WireType::kLengthDelimited) {
      addParseError(item, field_errc::kWrongType, "extra_data",
                    "extra_data entries map string to string");
      rejected = true;
      return true;
    }
    if (field.number == 1) key = field.payload;
    if (field.number == 2) value = field.payload;
  }
  if (!isValidUtf8(key)) {
    addParseError(item, field_errc::kInvalidUtf8, "extra_data",
                  "an extra_data key is not valid UTF-8");
    rejected = true;
  } else if (!isValidUtf8(value)) {
    const std::string field = "extra_data." + std::string(utf8Prefix(key, 128));
    addParseError(item, field_errc::kInvalidUtf8, field, field + " is not valid UTF-8");
    rejected = true;
  }
  return true;
}

Scan scanEvent(std::string_view bytes, const ValidationLimits& limits, IngestItem& item) {
  WireReader reader(bytes);
  bool rejected = false;
  std::size_t extra_entries = 0;
  while (!reader.atEnd()) {
    if (full(item)) return Scan::kRejected;
    WireField field;
    if (!reader.next(field)) return Scan::kMalformed;
    if (field.number >= kFieldNames.size()) {
      addParseError(item, field_errc::kUnknownField, "#" + std::to_string(field.number),
                    "unknown field number " + std::to_string(field.number) +
                        "; events.UserBehaviorEvent has fields 1 to 8");
      continue;  // the generated parser keeps it as an unknown field; the item is rejected
    }
    const std::string name(kFieldNames[field.number]);
    const WireType expected =
        field.number == kTimestampField ? WireType::kVarint : WireType::kLengthDelimited;
    if (field.type != expected) {
      addParseError(item, field_errc::kWrongType, name, name + " has the wrong wire type");
      continue;
    }
    if (field.number == kExtraDataField) {
      if (++extra_entries > limits.max_extra_entries) {
        addParseError(
            item, field_errc::kTooManyEntries, "extra_data",
            "extra_data has more than " + std::to_string(limits.max_extra_entries) + " entries");
        return Scan::kRejected;
      }
      if (!scanExtraDataEntry(field.payload, item, rejected)) return Scan::kMalformed;
    } else if (field.number != kTimestampField && !isValidUtf8(field.payload)) {
      addParseError(item, field_errc::kInvalidUtf8, name, name + " is not valid UTF-8");
      rejected = true;
    }
  }
  return rejected ? Scan::kRejected : Scan::kParseable;
}

// Reads one event; false when its bytes are not a message at all.
bool readEvent(std::string_view bytes, const IngestContext& context, std::int64_t now_ms,
               IngestItem& item) {
  const Scan scan = scanEvent(bytes, context.validation, item);
  if (scan == Scan::kMalformed) return false;
  if (scan == Scan::kRejected) return true;
  if (!item.event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return false;
  // proto3 cannot tell an absent timestamp from 0; 1970 is never a tracking time.
  completeItem(item, context, now_ms, item.event.timestamp() != 0);
  return true;
}

Result<ParsedBody> readBatch(std::string_view bytes, const IngestContext& context,
                             const BodyLimits& limits, std::int64_t now_ms) {
  ParsedBody body;
  body.batch = true;
  WireReader reader(bytes);
  while (!reader.atEnd()) {
    const std::size_t offset = reader.position();
    WireField field;
    if (!reader.next(field)) {
      return common::makeError(std::string(errc::kMalformedProtobuf),
                               "body is not a valid events.UserBehaviorEventBatch (byte " +
                                   std::to_string(offset) + ")");
    }
    if (field.number != kBatchEventsField || field.type != WireType::kLengthDelimited) {
      return common::makeError(std::string(errc::kInvalidBodyShape),
                               "events.UserBehaviorEventBatch has only field 1 (events), got "
                               "field number " +
                                   std::to_string(field.number));
    }
    if (body.items.size() == limits.max_items) {
      return common::makeError(
          std::string(errc::kTooManyItems),
          "body holds more than " + std::to_string(limits.max_items) +
              " events (limit max_items = " + std::to_string(limits.max_items) + ")");
    }
    IngestItem& item = body.items.emplace_back();
    item.index = body.items.size() - 1;
    if (!readEvent(field.payload, context, now_ms, item)) {
      item.event.Clear();
      item.errors.assign({FieldError{
          std::string(field_errc::kBadFormat), "",
          "item " + std::to_string(item.index) + " is not a valid events.UserBehaviorEvent"}});
    }
  }
  return body;
}

}  // namespace

Result<ParsedBody> parseProtobufBody(std::string_view bytes, bool is_batch,
                                     const IngestContext& context, const BodyLimits& limits) {
  if (bytes.size() > limits.max_body_bytes) {
    return common::makeError(std::string(errc::kBodyTooLarge),
                             "body is " + std::to_string(bytes.size()) + " bytes, the limit is " +
                                 std::to_string(limits.max_body_bytes) + " (max_body_bytes)");
  }
  const std::int64_t now_ms = context.clock();
  if (is_batch) return readBatch(bytes, context, limits, now_ms);
  ParsedBody body;
  IngestItem& item = body.items.emplace_back();
  if (!readEvent(bytes, context, now_ms, item)) {
    return common::makeError(std::string(errc::kMalformedProtobuf),
                             "body is not a valid events.UserBehaviorEvent");
  }
  return body;
}

}  // namespace tracker::events
