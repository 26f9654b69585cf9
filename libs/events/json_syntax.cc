#include "events/json_syntax.h"

namespace tracker::events {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

JsonNumberKind classifyJsonNumber(std::string_view token) {
  while (!token.empty() && isJsonWhitespace(token.back())) token.remove_suffix(1);
  std::size_t i = 0;
  const std::size_t size = token.size();
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < size && isDigit(token[i])) ++i;
    return i > start;
  };
  if (i < size && token[i] == '-') ++i;
  if (i < size && token[i] == '0') {
    ++i;
  } else if (i >= size || !digits()) {
    return JsonNumberKind::kInvalid;
  }
  bool integer = true;
  if (i < size && token[i] == '.') {
    ++i;
    if (!digits()) return JsonNumberKind::kInvalid;
    integer = false;
  }
  if (i < size && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < size && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return JsonNumberKind::kInvalid;
    integer = false;
  }
  if (i != size) return JsonNumberKind::kInvalid;
  return integer ? JsonNumberKind::kInteger : JsonNumberKind::kDecimal;
}

std::optional<std::size_t> findUnescapedControlCharacter(std::string_view text) {
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!in_string) {
      in_string = c == '"';
    } else if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '"') {
      in_string = false;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace tracker::events
