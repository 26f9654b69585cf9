#include "api_key_auth.h"

#include "common/text.h"

#include <algorithm>

namespace tracker::event_producer {
ApiKeyAuth::ApiKeyAuth(std::vector<std::string> keys) : keys_(std::move(keys)) {}

std::optional<std::string> ApiKeyAuth::authenticate(
    std::optional<std::string_view> presented) const {
  if (keys_.empty()) return std::string(kAnonymousClient);
  if (!presented) return std::nullopt;
  const std::string* match = nullptr;
  for (const std::string& key : keys_) {
    if (common::constantTimeEquals(key, *presented)) match = &key;
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
