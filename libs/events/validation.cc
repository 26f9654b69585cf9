#include "events/validation.h"

#include "common/utf8.h"
#include "events/errors.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

namespace tracker::events {

using common::findInvalidUtf8;
using common::utf8Prefix;

namespace {

// How much of a client string an error message may quote.
constexpr std::size_t kQuoteBytes = 40;

/// Which characters a text field may hold, beyond being valid UTF-8.
enum class Charset {
  kVisibleAscii,  // event_id: 0x21..0x7E, no whitespace, safe in URLs, headers and logs
  kNoControl,     // names and labels: no C0 control character, no DEL
  kNoNul,         // free text (extra_data values): anything but NUL, which PostgreSQL rejects
};

struct TextRule {
  std::size_t max_bytes;
  Charset charset;
  bool required;
};

FieldError fieldError(std::string_view code, std::string field, std::string message) {
  return FieldError{std::string(code), std::move(field), std::move(message)};
}

std::string quote(std::string_view text) {
  std::string quoted = "'" + std::string(utf8Prefix(text, kQuoteBytes));
  quoted += quoted.size() - 1 < text.size() ? "…'" : "'";
  return quoted;
}

// The first character the charset forbids; nullopt when there is none.
std::optional<std::size_t> findForbidden(std::string_view text, Charset charset) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool forbidden = charset == Charset::kVisibleAscii ? byte < 0x21 || byte > 0x7E
                           : charset == Charset::kNoControl  ? byte < 0x20 || byte == 0x7F
                                                             : byte == 0;
    if (forbidden) return i;
  }
  return std::nullopt;
}

std::string_view describe(Charset charset) {
  switch (charset) {
    case Charset::kVisibleAscii:
      return "must contain only visible ASCII characters (no whitespace or control characters)";
    case Charset::kNoControl:
      return "must not contain control characters";
    case Charset::kNoNul:
      return "must not contain NUL characters";
  }
  return "";
}

// Checks one string; at most one error per field (the first rule it breaks).
std::optional<FieldError> checkText(const std::string& field, std::string_view value,
                                    const TextRule& rule) {
  if (value.empty()) {
    if (!rule.required) return std::nullopt;
    return fieldError(field_errc::kMissingField, field, field + " is required");
  }
  if (auto bad = findInvalidUtf8(value)) {
    return fieldError(field_errc::kInvalidUtf8, field,
                      field + " is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
  }
  if (value.size() > rule.max_bytes) {
    return fieldError(field_errc::kTooLong, field,
                      field + " is " + std::to_string(value.size()) + " bytes, the limit is " +
                          std::to_string(rule.max_bytes));
  }
  if (auto bad = findForbidden(value, rule.charset)) {
    return fieldError(
        field_errc::kBadFormat, field,
        field + " " + std::string(describe(rule.charset)) + " (byte " + std::to_string(*bad) + ")");
  }
  return std::nullopt;
}

void add(std::vector<FieldError>& errors, std::optional<FieldError> error) {
  if (error) errors.push_back(std::move(*error));
}

void checkEventType(const std::string& event_type, const ValidationLimits& limits,
                    const Catalogue& catalogue, std::vector<FieldError>& errors) {
  const std::string field = "event_type";
  if (auto error = checkText(field, event_type,
                             {limits.max_event_type_bytes, Charset::kVisibleAscii, true})) {
    errors.push_back(std::move(*error));
  } else if (!isEventTypeName(event_type)) {
    errors.push_back(fieldError(
        field_errc::kBadFormat, field,
        "event_type " + quote(event_type) + " is not lower snake case (^[a-z][a-z0-9_]*$)"));
  } else if (!catalogue.contains(event_type)) {
    errors.push_back(
        fieldError(field_errc::kUnknownEventType, field,
                   "event_type " + quote(event_type) + " is not in the event catalogue"));
  }
}

void checkTimestamp(std::int64_t timestamp, const ValidationLimits& limits, std::int64_t now_ms,
                    std::vector<FieldError>& errors) {
  const std::int64_t earliest = now_ms - limits.max_age_ms;
  const std::int64_t latest = now_ms + limits.max_future_ms;
  if (timestamp >= earliest && timestamp <= latest) return;
  errors.push_back(fieldError(
      field_errc::kTimestampOutOfWindow, "timestamp",
      "timestamp " + std::to_string(timestamp) + " (epoch ms) lies outside [" +
          std::to_string(earliest) + ", " + std::to_string(latest) + "]: at most " +
          std::to_string(limits.max_age_ms) + " ms in the past and " +
          std::to_string(limits.max_future_ms) + " ms in the future of the server clock"));
}

void checkExtraData(const google::protobuf::Map<std::string, std::string>& extra_data,
                    const ValidationLimits& limits, std::vector<FieldError>& errors) {
  if (extra_data.size() > limits.max_extra_entries) {
    errors.push_back(fieldError(
        field_errc::kTooManyEntries, "extra_data",
        "extra_data has more than " + std::to_string(limits.max_extra_entries) + " entries"));
    return;
  }
  // Map order is unspecified: collect per key, then sort, so answers are reproducible.
  std::vector<std::pair<std::string_view, FieldError>> entry_errors;
  std::size_t total_bytes = 0;
  for (const auto& [key, value] : extra_data) {
    total_bytes += key.size() + value.size();
    // A key is only echoed as part of a field name once it is known to be presentable.
    if (auto key_error = checkText("extra_data key", key,
                                   {limits.max_extra_key_bytes, Charset::kNoControl, true})) {
      key_error->field = "extra_data";
      if (key_error->code == field_errc::kMissingField) {
        key_error->code = std::string(field_errc::kBadFormat);
        key_error->message = "extra_data has an empty key";
      }
      entry_errors.emplace_back(key, std::move(*key_error));
      continue;
    }
    if (auto value_error = checkText("extra_data." + key, value,
                                     {limits.max_extra_value_bytes, Charset::kNoNul, false})) {
      entry_errors.emplace_back(key, std::move(*value_error));
    }
  }
  std::stable_sort(entry_errors.begin(), entry_errors.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, error] : entry_errors) errors.push_back(std::move(error));
  if (total_bytes > limits.max_extra_total_bytes) {
    errors.push_back(fieldError(field_errc::kTooLong, "extra_data",
                                "extra_data keys and values add up to " +
                                    std::to_string(total_bytes) + " bytes, the limit is " +
                                    std::to_string(limits.max_extra_total_bytes)));
  }
}

}  // namespace

std::vector<FieldError> validateEvent(const ::events::UserBehaviorEvent& event,
                                      const ValidationLimits& limits, const Catalogue& catalogue,
                                      std::int64_t now_ms) {
  std::vector<FieldError> errors;
  add(errors,
      checkText("event_id", event.event_id(), {limits.max_id_bytes, Charset::kVisibleAscii, true}));
  checkEventType(event.event_type(), limits, catalogue, errors);
  add(errors,
      checkText("user_id", event.user_id(), {limits.max_id_bytes, Charset::kNoControl, true}));
  if (event.target_user_id().empty() && catalogue.needsTarget(event.event_type())) {
    errors.push_back(fieldError(
        field_errc::kMissingField, "target_user_id",
        "target_user_id (the other user) is required for event_type " + quote(event.event_type())));
  } else {
    add(errors, checkText("target_user_id", event.target_user_id(),
                          {limits.max_id_bytes, Charset::kNoControl, false}));
  }
  checkTimestamp(event.timestamp(), limits, now_ms, errors);
  add(errors, checkText("device_type", event.device_type(),
                        {limits.max_label_bytes, Charset::kNoControl, false}));
  add(errors, checkText("source_channel", event.source_channel(),
                        {limits.max_label_bytes, Charset::kNoControl, false}));
  checkExtraData(event.extra_data(), limits, errors);
  return errors;
}

}  // namespace tracker::events
