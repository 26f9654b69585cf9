#include "api_key_auth.h"

#include <algorithm>

namespace tracker::event_producer {
namespace {

// Compares without an early exit on the first differing byte.
bool constantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference |= static_cast<unsigned char>(x ^ y);
  }
  return difference == 0;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

ApiKeyAuth::ApiKeyAuth(std::vector<std::string> keys) : keys_(std::move(keys)) {}

std::optional<std::string> ApiKeyAuth::authenticate(
    std::optional<std::string_view> presented) const {
  if (keys_.empty()) return std::string(kAnonymousClient);
  if (!presented) return std::nullopt;
  const std::string* match = nullptr;
  for (const std::string& key : keys_) {
    if (constantTimeEquals(key, *presented)) match = &key;
  }
  if (match == nullptr) return std::nullopt;
  return *match;
}

std::vector<std::string> ApiKeyAuth::clients() const {
  if (keys_.empty()) return {std::string(kAnonymousClient)};
  return keys_;
}

std::vector<std::string> parseApiKeyList(std::string_view comma_list) {
  std::vector<std::string> keys;
  while (true) {
    const std::size_t comma = comma_list.find(',');
    const std::string_view key = trim(comma_list.substr(0, comma));
    if (!key.empty()) keys.emplace_back(key);
    if (comma == std::string_view::npos) break;
    comma_list.remove_prefix(comma + 1);
  }
  return keys;
}

}  // namespace tracker::event_producer
