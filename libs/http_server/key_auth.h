#pragma once

// API keys for routes that change state or read user data: named keys from the environment, the
// credential a request presents (X-API-Key, HTTP Basic as Confluent's clients send
// `basic.auth.user.info`, or a Bearer token), and the check every service shares. Keys are never
// logged or echoed in errors: only their names are.

#include "common/result.h"
#include "request.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::http_server {

/// A key and the name logs and audit lines record for it.
struct NamedKey {
  std::string name;
  std::string key;
  friend bool operator==(const NamedKey&, const NamedKey&) = default;
};

/// "name:key,key2" → keys; a bare key is named "<bare_prefix>-<position>" (1-based). An entry
/// without a name or key, or a repeated name, is an invalid `variable` (the message never quotes
/// a key).
common::Result<std::vector<NamedKey>> parseNamedKeys(std::string_view text,
                                                     const std::string& variable,
                                                     std::string_view bare_prefix);

/// What a request presents: the secret, and the user name when it came by HTTP Basic.
struct Credential {
  std::string secret;
  std::optional<std::string> user;
};

/// The request's credential: `X-API-Key: <key>` (wins when several are sent),
/// `Authorization: Basic base64(user:key)` or `Authorization: Bearer <key>` (scheme in any letter
/// case). nullopt when none is sent; an Authorization header that cannot be read (bad base64, no
/// ':', another scheme) yields an empty secret, which matches no key.
std::optional<Credential> presentedCredential(const Request& request);

enum class KeyVerdict { kAllowed, kMissing, kWrong };

/// The outcome of checking one request.
struct KeyCheck {
  KeyVerdict verdict = KeyVerdict::kAllowed;
  /// Who acts, for audit lines: the key's name, "anonymous" when no keys are configured.
  std::string actor;
};

/// Checks requests against a set of keys. Immutable after construction: shared by every HTTP
/// thread. With no keys, every request is allowed as "anonymous".
class KeyAuth {
 public:
  explicit KeyAuth(std::vector<NamedKey> keys = {}) : keys_(std::move(keys)) {}

  bool enabled() const { return !keys_.empty(); }

  /// Compares the presented secret with every key in full, whether or not an earlier one
  /// matched, so the time taken does not tell how much of a key was right. By HTTP Basic the
  /// user name must also be the key's name.
  KeyCheck check(const Request& request) const;

 private:
  std::vector<NamedKey> keys_;
};

/// 127.0.0.0/8, ::1 and "localhost"; anything else (0.0.0.0, ::, a name, an address) is not.
bool isLoopbackHost(std::string_view host);

/// The line a service prints when it listens beyond loopback while `protected_by` (the variable
/// naming its keys) is unset, so anyone who can reach it can `what`; nullopt otherwise.
std::optional<std::string> exposureWarning(std::string_view service, std::string_view host,
                                           std::uint16_t port, bool keys_configured,
                                           std::string_view protected_by, std::string_view what);

}  // namespace tracker::http_server
