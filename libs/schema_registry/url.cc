#include "schema_registry/url.h"

#include "schema_registry/errors.h"
#include "schema_registry/types.h"

namespace tracker::schema_registry {
namespace {

bool isUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (isUnreserved(byte)) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0x0F];
    }
  }
  return encoded;
}

common::Result<std::string> normalizeBaseUrl(std::string_view base_url) {
  auto invalid = [&](std::string_view why) {
    return common::makeError(
        std::string(errc::kInvalidArgument),
        "schema registry URL \"" + std::string(base_url) + "\" " + std::string(why));
  };
  std::string_view rest;
  if (base_url.starts_with("http://")) {
    rest = base_url.substr(7);
  } else if (base_url.starts_with("https://")) {
    rest = base_url.substr(8);
  } else {
    return invalid("must start with http:// or https://");
  }
  if (rest.empty() || rest.front() == '/') return invalid("has no host");
  if (base_url.find_first_of("?#") != std::string_view::npos) {
    return invalid("must not have a query or fragment");
  }
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  return std::string(base_url);
}

std::string buildUrl(std::string_view base_url, std::initializer_list<std::string_view> segments,
                     const QueryParams& query) {
  std::string url(base_url);
  for (const std::string_view segment : segments) {
    url += '/';
    url += percentEncode(segment);
  }
  char separator = '?';
  for (const auto& [name, value] : query) {
    url += separator;
    url += percentEncode(name);
    url += '=';
    url += percentEncode(value);
    separator = '&';
  }
  return url;
}

std::string versionSegment(int version) {
  return version == kLatestVersion ? std::string("latest") : std::to_string(version);
}

}  // namespace tracker::schema_registry
