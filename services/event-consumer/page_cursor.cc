#include "page_cursor.h"

#include "common/base64.h"
#include "common/parse.h"
#include "time_text.h"

#include <algorithm>
#include <cctype>

namespace tracker::event_consumer {
namespace {

constexpr std::string_view kVersion = "1";

}  // namespace

std::string encodeCursor(const PageCursor& cursor) {
  std::string token =
      common::base64Encode(std::string(kVersion) + ":" + std::to_string(cursor.event_time_micros) +
                           ":" + cursor.event_id);
  // Standard alphabet → URL-safe alphabet, padding dropped.
  std::replace(token.begin(), token.end(), '+', '-');
  std::replace(token.begin(), token.end(), '/', '_');
  while (!token.empty() && token.back() == '=') token.pop_back();
  return token;
}

std::optional<PageCursor> decodeCursor(std::string_view token) {
  if (token.empty() || token.size() > kMaxCursorChars) return std::nullopt;
  std::string standard(token);
  for (char& c : standard) {
    // Only the URL-safe alphabet: a '+', '/' or '=' means the token was not ours.
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (!std::isalnum(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  auto payload = common::base64Decode(standard);
  if (!payload) return std::nullopt;
  const std::string_view text = *payload;
  const auto first = text.find(':');
  if (first == std::string_view::npos || text.substr(0, first) != kVersion) return std::nullopt;
  const auto second = text.find(':', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto micros = common::parseInt64(text.substr(first + 1, second - first - 1));
  if (!micros || *micros < kMinInstantMicros || *micros > kMaxInstantMicros) return std::nullopt;
  PageCursor cursor{*micros, std::string(text.substr(second + 1))};
  if (cursor.event_id.empty()) return std::nullopt;
  return cursor;
}

}  // namespace tracker::event_consumer
