#pragma once

// Transport-neutral HTTP request/response values and the pure parsing helpers behind them (path
// segmentation, percent-decoding, query strings, boolean flags). Nothing here depends on the HTTP
// library that serves the requests, so handlers and their tests never see RESTinio types.

#include "common/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::http_server {

/// HTTP methods the services route on; anything else is kOther (answered 405 by the router).
enum class Method { kGet, kHead, kPost, kPut, kDelete, kPatch, kOther };

/// "GET" → Method::kGet, case-sensitive as HTTP requires; unknown → kOther.
Method parseMethod(std::string_view name);

/// Name of a method for logs and error messages ("GET", ...; "OTHER" for kOther).
std::string_view methodName(Method method);

/// Ordered (name, value) pairs; names of headers are kept as received.
using Pairs = std::vector<std::pair<std::string, std::string>>;

/// One incoming request, already split into its parts.
struct Request {
  Method method = Method::kOther;
  /// The request target exactly as received ("/subjects/a%2Fb/versions?deleted=true").
  std::string raw_target;
  /// The path split on '/' *before* decoding, then each segment percent-decoded, so an encoded
  /// "%2F" stays inside its segment. Empty segments are dropped ("/a//b/" → {"a","b"}).
  std::vector<std::string> path_segments;
  /// Query parameters in order, names and values percent-decoded ('+' → ' ').
  Pairs query;
  Pairs headers;
  std::string body;

  /// Value of the first query parameter `name` (case-sensitive name), or nullopt.
  std::optional<std::string> queryParam(std::string_view name) const;

  /// Boolean query parameter: absent → `fallback`; "true"/"false" in any letter case (Python
  /// clients send "True"); an empty value ("?deleted") counts as true; anything else is an error.
  common::Result<bool> queryBool(std::string_view name, bool fallback) const;

  /// Value of the first header `name`, compared case-insensitively, or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

/// What a handler answers.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// Extra headers (Content-Type and Content-Length are set by the server).
  Pairs headers;
};

/// Percent-decodes `text`; with `plus_as_space` (query strings) '+' becomes ' '. Invalid escapes
/// ("%zz", a trailing "%") are an error ("http_server.bad_request").
common::Result<std::string> percentDecode(std::string_view text, bool plus_as_space);

/// Splits the path part of a raw target (query and fragment are ignored) into decoded segments.
common::Result<std::vector<std::string>> splitPath(std::string_view raw_target);

/// Parses the query part of a raw target ("a=1&b&c=x%20y") into decoded pairs.
common::Result<Pairs> parseQuery(std::string_view raw_target);

/// Case-insensitive "true"/"false"; nullopt for anything else.
std::optional<bool> parseBool(std::string_view text);

/// Builds a Request from its raw parts (splits and decodes the target); fails on bad escapes.
common::Result<Request> makeRequest(Method method, std::string raw_target, Pairs headers,
                                    std::string body);

}  // namespace tracker::http_server
