#include "events/json_event_parser.h"

#include "common/utf8.h"
#include "events/errors.h"
#include "events/json_syntax.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

namespace tracker::events {

using common::findInvalidUtf8;
using common::utf8Prefix;

namespace od = simdjson::ondemand;

namespace {

using common::Error;
using common::Result;

/// Success, or the reason the whole body fails.
using BodyStatus = Result<void>;

/// How much of a client-supplied key an error's field name repeats.
constexpr std::size_t kMaxEchoedKeyBytes = 128;

enum class Field {
  kEventId,
  kEventType,
  kUserId,
  kTargetUserId,
  kTimestamp,
  kDeviceType,
  kSourceChannel,
  kExtraData
};

struct FieldName {
  std::string_view proto_name;  // also the name used in errors
  std::string_view json_name;   // proto3 JSON's lowerCamel name, accepted as an alias
  Field field;
};

constexpr std::array<FieldName, 8> kFieldNames = {{
    {"event_id", "eventId", Field::kEventId},
    {"event_type", "eventType", Field::kEventType},
    {"user_id", "userId", Field::kUserId},
    {"target_user_id", "targetUserId", Field::kTargetUserId},
    {"timestamp", "timestamp", Field::kTimestamp},
    {"device_type", "deviceType", Field::kDeviceType},
    {"source_channel", "sourceChannel", Field::kSourceChannel},
    {"extra_data", "extraData", Field::kExtraData},
}};

const FieldName* lookupField(std::string_view key) {
  for (const FieldName& name : kFieldNames) {
    if (key == name.proto_name || key == name.json_name) return &name;
  }
  return nullptr;
}

std::string typeName(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "an array";
    case od::json_type::object:
      return "an object";
    case od::json_type::number:
      return "a number";
    case od::json_type::string:
      return "a string";
    case od::json_type::boolean:
      return "a boolean";
    case od::json_type::null:
      return "null";
  }
  return "an unknown value";
}

tl::unexpected<Error> bodyError(std::string_view code, std::string message) {
  return common::makeError(std::string(code), std::move(message));
}

tl::unexpected<Error> malformedAt(std::size_t offset, std::string_view what) {
  return bodyError(errc::kMalformedJson, "body is not valid JSON at byte " +
                                             std::to_string(offset) + ": " + std::string(what));
}

tl::unexpected<Error> tooDeep(const BodyLimits& limits) {
  return bodyError(errc::kTooDeep, "body nests deeper than " + std::to_string(limits.max_depth) +
                                       " levels (limit max_depth)");
}

bool isDecimalInteger(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Errors about a body that stops too soon: the end of the body is where it went wrong.
bool endsEarly(simdjson::error_code error) {
  return error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || error == simdjson::UNCLOSED_STRING;
}

/// Walks one parsed document and turns it into items. Every value is either read or walked by
/// skipValue(), which checks its syntax: simdjson On-Demand only validates what it is asked to
/// read, and an unread malformed value must still fail the body.
class BodyReader {
 public:
  BodyReader(od::document& document, std::string_view body, const BodyLimits& limits,
             const IngestContext& context)
      : document_(document),
        body_(body),
        limits_(limits),
        context_(context),
        now_ms_(context.clock()) {}

  Result<ParsedBody> read() {
    ParsedBody body;
    od::json_type type;
    if (auto error = document_.type().get(type)) return malformed(error);
    BodyStatus status;
    if (type == od::json_type::array) {
      body.batch = true;
      od::array array;
      if (auto error = document_.get_array().get(array)) return malformed(error);
      status = readItems(array, 1, body);
    } else if (type == od::json_type::object) {
      status = readRootObject(body);
    } else {
      return bodyError(errc::kInvalidBodyShape,
                       "body must be an event object, an array of event objects or "
                       "{\"events\": [...]}, got " +
                           typeName(type));
    }
    if (!status) return tl::unexpected(status.error());
    const char* trailing = nullptr;
    if (document_.current_location().get(trailing) == simdjson::SUCCESS) {
      return malformedAt(offsetOf(trailing), "unexpected content after the JSON value");
    }
    return body;
  }

 private:
  // An object is a wrapper when it has an "events" key; it then may have no other key.
  BodyStatus readRootObject(ParsedBody& body) {
    od::object object;
    if (auto error = document_.get_object().get(object)) return malformed(error);
    std::size_t keys = 0;
    bool wrapper = false;
    for (auto field : object) {
      if (field.error()) return malformed(field.error());
      std::string_view key;
      if (auto error = field.value_unsafe().unescaped_key().get(key)) return malformed(error);
      ++keys;
      wrapper = wrapper || key == "events";
    }
    document_.rewind();
    if (auto error = document_.get_object().get(object)) return malformed(error);
    if (!wrapper) {
      IngestItem& item = body.items.emplace_back();
      bool timestamp_present = false;
      if (auto status = readEvent(object, 1, item, timestamp_present); !status) return status;
      completeItem(item, context_, now_ms_, timestamp_present);
      return {};
    }
    if (keys != 1) {
      return bodyError(errc::kInvalidBodyShape,
                       "an object with \"events\" must have no other field (got " +
                           std::to_string(keys) + " fields)");
    }
    body.batch = true;
    for (auto field : object) {
      if (field.error()) return malformed(field.error());
      od::value value = field.value_unsafe().value();
      od::json_type type;
      if (auto error = value.type().get(type)) return malformed(error);
      if (type != od::json_type::array) {
        return bodyError(errc::kInvalidBodyShape,
                         "\"events\" must be an array of event objects, got " + typeName(type));
      }
      if (2 > limits_.max_depth) return tooDeep(limits_);
      od::array array;
      if (auto error = value.get_array().get(array)) return malformed(error);
      // Not returning from inside the loop: it has to run to the object's closing brace.
      if (auto status = readItems(array, 2, body); !status) return status;
    }
    return {};
  }

  BodyStatus readItems(od::array array, std::size_t depth, ParsedBody& body) {
    for (auto element : array) {
      if (element.error()) return malformed(element.error());
      if (body.items.size() == limits_.max_items) {
        return bodyError(errc::kTooManyItems,
                         "body holds more than " + std::to_string(limits_.max_items) +
                             " events (limit max_items = " + std::to_string(limits_.max_items) +
                             ")");
      }
      IngestItem& item = body.items.emplace_back();
      item.index = body.items.size() - 1;
      bool timestamp_present = false;
      if (auto status = readItem(element.value_unsafe(), depth + 1, item, timestamp_present);
          !status) {
        return status;
      }
      completeItem(item, context_, now_ms_, timestamp_present);
    }
    return {};
  }

  BodyStatus readItem(od::value value, std::size_t depth, IngestItem& item,
                      bool& timestamp_present) {
    od::json_type type;
    if (auto error = value.type().get(type)) return malformed(error);
    if (type != od::json_type::object) {
      addParseError(
          item, field_errc::kWrongType, "",
          "item " + std::to_string(item.index) + " must be an event object, got " + typeName(type));
      return skipValue(value, depth);
    }
    if (depth > limits_.max_depth) return tooDeep(limits_);
    od::object object;
    if (auto error = value.get_object().get(object)) return malformed(error);
    return readEvent(object, depth, item, timestamp_present);
  }

  BodyStatus readEvent(od::object object, std::size_t depth, IngestItem& item,
                       bool& timestamp_present) {
    unsigned seen = 0;
    for (auto field : object) {
      if (field.error()) return malformed(field.error());
      std::string_view key;
      if (auto error = field.value_unsafe().unescaped_key().get(key)) return malformed(error);
      od::value value = field.value_unsafe().value();
      const FieldName* name = lookupField(key);
      if (name == nullptr) {
        const std::string shown(utf8Prefix(key, kMaxEchoedKeyBytes));
        addParseError(
            item, field_errc::kUnknownField, shown,
            "unknown field '" + shown +
                "'; an event has event_id, event_type, user_id, target_user_id, timestamp, "
                "device_type, source_channel, extra_data");
        if (auto status = skipValue(value, depth + 1); !status) return status;
        continue;
      }
      const unsigned bit = 1u << static_cast<unsigned>(name->field);
      if ((seen & bit) != 0) {
        addParseError(item, field_errc::kDuplicateField, std::string(name->proto_name),
                      std::string(name->proto_name) + " appears more than once");
        if (auto status = skipValue(value, depth + 1); !status) return status;
        continue;
      }
      seen |= bit;
      if (auto status = readField(*name, value, depth + 1, item, timestamp_present); !status) {
        return status;
      }
    }
    return {};
  }

  BodyStatus readField(const FieldName& name, od::value value, std::size_t depth, IngestItem& item,
                       bool& timestamp_present) {
    ::events::UserBehaviorEvent& event = item.event;
    switch (name.field) {
      case Field::kEventId:
        return readString(name, value, depth, item, event.mutable_event_id());
      case Field::kEventType:
        return readString(name, value, depth, item, event.mutable_event_type());
      case Field::kUserId:
        return readString(name, value, depth, item, event.mutable_user_id());
      case Field::kTargetUserId:
        return readString(name, value, depth, item, event.mutable_target_user_id());
      case Field::kDeviceType:
        return readString(name, value, depth, item, event.mutable_device_type());
      case Field::kSourceChannel:
        return readString(name, value, depth, item, event.mutable_source_channel());
      case Field::kTimestamp:
        return readTimestamp(value, depth, item, timestamp_present);
      case Field::kExtraData:
        return readExtraData(value, depth, item);
    }
    return {};
  }

  BodyStatus readString(const FieldName& name, od::value value, std::size_t depth, IngestItem& item,
                        std::string* target) {
    od::json_type type;
    if (auto error = value.type().get(type)) return malformed(error);
    if (type == od::json_type::null) return readNull(value);  // absent
    if (type != od::json_type::string) {
      return wrongType(item, std::string(name.proto_name), "a string", type, value, depth);
    }
    std::string_view text;
    if (auto status = readStringValue(value, text); !status) return status;
    target->assign(text);
    return {};
  }

  BodyStatus readTimestamp(od::value value, std::size_t depth, IngestItem& item, bool& present) {
    const std::string field = "timestamp";
    od::json_type type;
    if (auto error = value.type().get(type)) return malformed(error);
    std::string_view digits;
    if (type == od::json_type::null) {
      return readNull(value);  // absent
    } else if (type == od::json_type::number) {
      std::string_view token = value.raw_json_token();
      const JsonNumberKind kind = classifyJsonNumber(token);
      if (kind == JsonNumberKind::kInvalid) {
        return malformedAt(offsetOf(token.data()), "invalid number");
      }
      if (kind == JsonNumberKind::kDecimal) {
        addParseError(
            item, field_errc::kWrongType, field,
            "timestamp must be an integer number of epoch milliseconds, got a fraction or "
            "exponent");
        return {};
      }
      digits = token.substr(0, token.find_first_of(" \t\r\n"));
    } else if (type == od::json_type::string) {
      if (auto status = readStringValue(value, digits); !status) return status;
      if (!isDecimalInteger(digits)) {
        addParseError(item, field_errc::kBadFormat, field,
                      "timestamp string must be a decimal integer of epoch milliseconds");
        return {};
      }
    } else {
      return wrongType(item, field, "an integer of epoch milliseconds (number or string)", type,
                       value, depth);
    }
    std::int64_t timestamp = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), timestamp);
    if (error != std::errc() || end != digits.data() + digits.size()) {
      addParseError(item, field_errc::kTimestampOutOfWindow, field,
                    "timestamp does not fit in 64 bits");
      return {};
    }
    item.event.set_timestamp(timestamp);
    present = true;
    return {};
  }

  BodyStatus readExtraData(od::value value, std::size_t depth, IngestItem& item) {
    od::json_type type;
    if (auto error = value.type().get(type)) return malformed(error);
    if (type == od::json_type::null) return readNull(value);  // absent
    if (type != od::json_type::object) {
      return wrongType(item, "extra_data", "an object of string values", type, value, depth);
    }
    if (depth > limits_.max_depth) return tooDeep(limits_);
    od::object object;
    if (auto error = value.get_object().get(object)) return malformed(error);
    auto& extra_data = *item.event.mutable_extra_data();
    // One entry more than allowed is kept so validation reports too_many_entries; the rest
    // are checked for syntax but not stored.
    const std::size_t keep_at_most = context_.validation.max_extra_entries + 1;
    for (auto field : object) {
      if (field.error()) return malformed(field.error());
      std::string_view key_view;
      if (auto error = field.value_unsafe().unescaped_key().get(key_view)) {
        return malformed(error);
      }
      std::string key(key_view);
      od::value entry = field.value_unsafe().value();
      od::json_type entry_type;
      if (auto error = entry.type().get(entry_type)) return malformed(error);
      std::string field_name = "extra_data." + std::string(utf8Prefix(key, kMaxEchoedKeyBytes));
      if (entry_type != od::json_type::string) {
        if (auto status =
                wrongType(item, std::move(field_name), "a string", entry_type, entry, depth + 1);
            !status) {
          return status;
        }
        continue;
      }
      std::string_view text;
      if (auto status = readStringValue(entry, text); !status) return status;
      if (extra_data.contains(key)) {
        addParseError(item, field_errc::kDuplicateField, std::move(field_name),
                      "extra_data key appears more than once");
      } else if (extra_data.size() < keep_at_most) {
        extra_data[key] = std::string(text);
      }
    }
    return {};
  }

  // Records a wrong type for `field` and walks the value for syntax.
  BodyStatus wrongType(IngestItem& item, std::string field, std::string_view expected,
                       od::json_type got, od::value value, std::size_t depth) {
    std::string message = field + " must be " + std::string(expected) + ", got " + typeName(got);
    addParseError(item, field_errc::kWrongType, std::move(field), std::move(message));
    return skipValue(value, depth);
  }

  BodyStatus readStringValue(od::value value, std::string_view& text) {
    const std::size_t offset = offsetOf(value.raw_json_token().data());
    if (value.get_string().get(text) != simdjson::SUCCESS) {
      return malformedAt(offset, "invalid string (bad escape or lone surrogate)");
    }
    return {};
  }

  BodyStatus readNull(od::value value) {
    const std::size_t offset = offsetOf(value.raw_json_token().data());
    bool is_null = false;
    if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
      return malformedAt(offset, "invalid literal");
    }
    return {};
  }

  // Checks the syntax of a value nobody reads (unknown field, wrong type) down to its leaves.
  BodyStatus skipValue(od::value value, std::size_t depth) {
    od::json_type type;
    if (auto error = value.type().get(type)) return malformed(error);
    const std::size_t offset = offsetOf(value.raw_json_token().data());
    switch (type) {
      case od::json_type::array: {
        if (depth > limits_.max_depth) return tooDeep(limits_);
        od::array array;
        if (auto error = value.get_array().get(array)) return malformed(error);
        for (auto element : array) {
          if (element.error()) return malformed(element.error());
          if (auto status = skipValue(element.value_unsafe(), depth + 1); !status) return status;
        }
        return {};
      }
      case od::json_type::object: {
        if (depth > limits_.max_depth) return tooDeep(limits_);
        od::object object;
        if (auto error = value.get_object().get(object)) return malformed(error);
        for (auto field : object) {
          if (field.error()) return malformed(field.error());
          std::string_view key;
          if (auto error = field.value_unsafe().unescaped_key().get(key)) return malformed(error);
          if (auto status = skipValue(field.value_unsafe().value(), depth + 1); !status) {
            return status;
          }
        }
        return {};
      }
      case od::json_type::string: {
        std::string_view text;
        return readStringValue(value, text);
      }
      case od::json_type::number:
        if (classifyJsonNumber(value.raw_json_token()) == JsonNumberKind::kInvalid) {
          return malformedAt(offset, "invalid number");
        }
        return {};
      case od::json_type::boolean: {
        bool flag = false;
        if (value.get_bool().get(flag) != simdjson::SUCCESS) {
          return malformedAt(offset, "invalid literal");
        }
        return {};
      }
      case od::json_type::null:
        return readNull(value);
    }
    return {};
  }

  tl::unexpected<Error> malformed(simdjson::error_code error) {
    if (error == simdjson::DEPTH_ERROR) return tooDeep(limits_);
    std::size_t offset = body_.size();
    const char* location = nullptr;
    if (!endsEarly(error) && document_.current_location().get(location) == simdjson::SUCCESS) {
      offset = offsetOf(location);
    }
    return malformedAt(offset, simdjson::error_message(error));
  }

  std::size_t offsetOf(const char* position) const {
    if (position < body_.data() || position > body_.data() + body_.size()) return body_.size();
    return static_cast<std::size_t>(position - body_.data());
  }

  od::document& document_;
  std::string_view body_;
  const BodyLimits& limits_;
  const IngestContext& context_;
  std::int64_t now_ms_;
};

// Errors simdjson reports before any value is read (stage 1) come without a position.
tl::unexpected<Error> iterateError(simdjson::error_code error, std::string_view body,
                                   const BodyLimits& limits) {
  switch (error) {
    case simdjson::EMPTY:
      return malformedAt(0, "body is empty");
    case simdjson::UTF8_ERROR:
      return malformedAt(findInvalidUtf8(body).value_or(0), "invalid UTF-8");
    case simdjson::UNESCAPED_CHARS:
      return malformedAt(findUnescapedControlCharacter(body).value_or(0),
                         "unescaped control character in a string");
    case simdjson::DEPTH_ERROR:
      return tooDeep(limits);
    default:
      return malformedAt(endsEarly(error) ? body.size() : 0, simdjson::error_message(error));
  }
}

}  // namespace

struct JsonEventParser::Buffers {
  explicit Buffers(std::size_t max_body_bytes) : parser(max_body_bytes) {}

  od::parser parser;
  std::vector<char> padded;  // the body plus SIMDJSON_PADDING bytes simdjson may read past it
};

JsonEventParser::JsonEventParser(IngestContext context, BodyLimits limits)
    : context_(std::move(context)),
      limits_(limits),
      buffers_(std::make_unique<Buffers>(limits.max_body_bytes)) {}

JsonEventParser::~JsonEventParser() = default;

Result<ParsedBody> JsonEventParser::parse(std::string_view body) {
  if (body.size() > limits_.max_body_bytes) {
    return bodyError(errc::kBodyTooLarge,
                     "body is " + std::to_string(body.size()) + " bytes, the limit is " +
                         std::to_string(limits_.max_body_bytes) + " (max_body_bytes)");
  }
  std::vector<char>& padded = buffers_->padded;
  padded.resize(body.size() + simdjson::SIMDJSON_PADDING);
  if (!body.empty()) std::memcpy(padded.data(), body.data(), body.size());
  std::memset(padded.data() + body.size(), 0, simdjson::SIMDJSON_PADDING);
  auto document = buffers_->parser.iterate(padded.data(), body.size(), padded.size());
  const std::string_view copy(padded.data(), body.size());
  if (document.error()) return iterateError(document.error(), copy, limits_);
  BodyReader reader(document.value_unsafe(), copy, limits_, context_);
  return reader.read();
}

}  // namespace tracker::events
