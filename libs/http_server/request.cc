#include "http_server/request.h"

#include "common/text.h"
#include "common/utf8.h"
#include "http_server/errors.h"

#include <algorithm>
#include <cctype>

namespace tracker::http_server {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The path part of a target: up to '?' or '#'.
std::string_view pathPart(std::string_view target) {
  return target.substr(0, std::min(target.find('?'), target.find('#')));
}

}  // namespace

Method parseMethod(std::string_view name) {
  if (name == "GET") return Method::kGet;
  if (name == "HEAD") return Method::kHead;
  if (name == "POST") return Method::kPost;
  if (name == "PUT") return Method::kPut;
  if (name == "DELETE") return Method::kDelete;
  if (name == "PATCH") return Method::kPatch;
  return Method::kOther;
}

std::string_view methodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kPatch:
      return "PATCH";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

common::Result<std::string> percentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return common::makeError(std::string(errc::kBadRequest),
                                 "truncated percent-escape in '" + std::string(text) + "'");
      }
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) {
        return common::makeError(std::string(errc::kBadRequest),
                                 "invalid percent-escape in '" + std::string(text) + "'");
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  // Values reach C strings (libpq) and JSON answers: a NUL would cut them short ("abc%00x" read
  // as "abc"), invalid UTF-8 would fail later, far from the cause.
  if (out.find('\0') != std::string::npos || !common::isValidUtf8(out)) {
    return common::makeError(std::string(errc::kBadRequest),
                             "'" + std::string(text) + "' decodes to a NUL byte or invalid UTF-8");
  }
  return out;
}

common::Result<std::vector<std::string>> splitPath(std::string_view raw_target) {
  std::vector<std::string> segments;
  std::string_view path = pathPart(raw_target);
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) {
      auto decoded = percentDecode(segment, /*plus_as_space=*/false);
      if (!decoded) return tl::unexpected(decoded.error());
      segments.push_back(std::move(*decoded));
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

common::Result<Pairs> parseQuery(std::string_view raw_target) {
  Pairs pairs;
  std::string_view query = raw_target;
  query = query.substr(0, query.find('#'));
  const std::size_t question = query.find('?');
  if (question == std::string_view::npos) return pairs;
  query.remove_prefix(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      auto name = percentDecode(item.substr(0, eq), true);
      if (!name) return tl::unexpected(name.error());
      std::string value;
      if (eq != std::string_view::npos) {
        auto decoded = percentDecode(item.substr(eq + 1), true);
        if (!decoded) return tl::unexpected(decoded.error());
        value = std::move(*decoded);
      }
      pairs.emplace_back(std::move(*name), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return pairs;
}

std::optional<bool> parseBool(std::string_view text) {
  if (common::equalsIgnoreCase(text, "true")) return true;
  if (common::equalsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

std::optional<std::string> Request::queryParam(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

common::Result<bool> Request::queryBool(std::string_view name, bool fallback) const {
  const auto value = queryParam(name);
  if (!value) return fallback;
  if (value->empty()) return true;
  if (const auto parsed = parseBool(*value)) return *parsed;
  return common::makeError(
      std::string(errc::kBadRequest),
      "query parameter '" + std::string(name) + "' must be true or false, got '" + *value + "'");
}

std::optional<std::string> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (common::equalsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

common::Result<Request> makeRequest(Method method, std::string raw_target, Pairs headers,
                                    std::string body) {
  auto segments = splitPath(raw_target);
  if (!segments) return tl::unexpected(segments.error());
  auto query = parseQuery(raw_target);
  if (!query) return tl::unexpected(query.error());
  Request request;
  request.method = method;
  request.raw_target = std::move(raw_target);
  request.path_segments = std::move(*segments);
  request.query = std::move(*query);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

}  // namespace tracker::http_server
