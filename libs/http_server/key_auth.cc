#include "http_server/key_auth.h"

#include "common/base64.h"
#include "common/env.h"
#include "common/text.h"

#include <algorithm>
#include <set>

namespace tracker::http_server {
namespace {

// "<scheme> <rest>" with the scheme compared in any letter case; nullopt for another scheme.
std::optional<std::string_view> afterScheme(std::string_view header, std::string_view scheme) {
  const std::string_view text = common::trim(header);
  if (text.size() <= scheme.size() || text[scheme.size()] != ' ' ||
      !common::equalsIgnoreCase(text.substr(0, scheme.size()), scheme)) {
    return std::nullopt;
  }
  return common::trim(text.substr(scheme.size() + 1));
}

Credential fromAuthorization(std::string_view header) {
  if (auto token = afterScheme(header, "Bearer")) return {std::string(*token), std::nullopt};
  const auto encoded = afterScheme(header, "Basic");
  if (!encoded) return {};
  const auto decoded = common::base64Decode(*encoded);
  if (!decoded) return {};
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return {};
  return {decoded->substr(colon + 1), decoded->substr(0, colon)};
}

}  // namespace

common::Result<std::vector<NamedKey>> parseNamedKeys(std::string_view text,
                                                     const std::string& variable,
                                                     std::string_view bare_prefix) {
  std::vector<NamedKey> keys;
  std::set<std::string> names;
  for (const std::string_view item : common::splitList(text)) {
    NamedKey key;
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) {
      key.name = std::string(bare_prefix) + "-" + std::to_string(keys.size() + 1);
      key.key = std::string(item);
    } else {
      key.name = std::string(common::trim(item.substr(0, colon)));
      key.key = std::string(common::trim(item.substr(colon + 1)));
    }
    const std::string position = "entry " + std::to_string(keys.size() + 1);
    if (key.name.empty() || key.key.empty()) {
      return common::invalidEnvironment(variable, position + " needs a name and a key (name:key)");
    }
    if (!names.insert(key.name).second) {
      return common::invalidEnvironment(variable,
                                        position + ": the name \"" + key.name + "\" is repeated");
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

std::optional<Credential> presentedCredential(const Request& request) {
  if (auto key = request.header("X-API-Key")) return Credential{std::move(*key), std::nullopt};
  if (auto header = request.header("Authorization")) return fromAuthorization(*header);
  return std::nullopt;
}

KeyCheck KeyAuth::check(const Request& request) const {
  if (keys_.empty()) return {KeyVerdict::kAllowed, "anonymous"};
  const auto credential = presentedCredential(request);
  if (!credential) return {KeyVerdict::kMissing, ""};
  const NamedKey* match = nullptr;
  for (const NamedKey& key : keys_) {
    if (common::constantTimeEquals(key.key, credential->secret)) match = &key;
  }
  if (match == nullptr || credential->secret.empty() ||
      (credential->user && *credential->user != match->name)) {
    return {KeyVerdict::kWrong, ""};
  }
  return {KeyVerdict::kAllowed, match->name};
}

bool isLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  // 127.0.0.0/8: four dotted numbers, the first 127.
  if (!host.starts_with("127.")) return false;
  const auto parts = common::splitList(host, '.');
  return parts.size() == 4 && std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
           return !part.empty() && part.size() <= 3 &&
                  part.find_first_not_of("0123456789") == std::string_view::npos;
         });
}

std::optional<std::string> exposureWarning(std::string_view service, std::string_view host,
                                           std::uint16_t port, bool keys_configured,
                                           std::string_view protected_by, std::string_view what) {
  if (keys_configured || isLoopbackHost(host)) return std::nullopt;
  return std::string(service) + ": WARNING: listening on " + std::string(host) + ":" +
         std::to_string(port) + " without " + std::string(protected_by) +
         ": anyone who can reach this port can " + std::string(what);
}

}  // namespace tracker::http_server
