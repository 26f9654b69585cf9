#pragma once

// Optional API-key authentication: clients send one of the configured keys in the `X-API-Key`
// header. With no keys configured, authentication is off and every request is anonymous.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_producer {

/// The header carrying the key.
inline constexpr std::string_view kApiKeyHeader = "X-API-Key";

/// The client name used for rate limiting when authentication is off.
inline constexpr std::string_view kAnonymousClient = "anonymous";

/// Checks API keys. Immutable after construction, so it can be shared by all threads.
class ApiKeyAuth {
 public:
  /// `keys` empty → authentication off.
  explicit ApiKeyAuth(std::vector<std::string> keys);

  /// True when requests must carry a key.
  bool enabled() const { return !keys_.empty(); }

  /// The client identity of a request whose `X-API-Key` header is `presented` (nullopt when
  /// absent): the key itself when it is one of the configured keys, kAnonymousClient when
  /// authentication is off, nullopt when the request must be refused (401). Every configured key
  /// is compared in full, whether or not an earlier one matched, so the time taken does not tell
  /// how much of a key was right.
  std::optional<std::string> authenticate(std::optional<std::string_view> presented) const;

  /// The client names a rate limiter needs buckets for (the keys, or kAnonymousClient).
  std::vector<std::string> clients() const;

 private:
  std::vector<std::string> keys_;
};

/// Splits a comma-separated list of keys, trimming spaces and skipping empty entries.
std::vector<std::string> parseApiKeyList(std::string_view comma_list);

}  // namespace tracker::event_producer
