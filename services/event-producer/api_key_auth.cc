#include "api_key_auth.h"

#include "common/text.h"

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
  for (const std::string_view key : common::splitList(comma_list)) keys.emplace_back(key);
  return keys;
}

}  // namespace tracker::event_producer
