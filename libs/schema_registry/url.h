#pragma once

// Building registry URLs: a configurable base (which may carry a path prefix, e.g.
// "http://host:28081/apis/ccompat/v7"), path segments percent-encoded one by one, and a query.

#include "common/result.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::schema_registry {

/// Query parameters in the order they are sent; values are encoded by buildUrl.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Percent-encodes `text` for use as one path segment or query value: every byte outside RFC 3986
/// "unreserved" (A-Z a-z 0-9 - . _ ~) becomes %XX, so "/" is "%2F" (spec §1.1: subjects such as
/// "google/protobuf/timestamp.proto" must stay one segment).
std::string percentEncode(std::string_view text);

/// Checks that `base_url` is an absolute http(s) URL without query or fragment and strips
/// trailing slashes. Fails with errc::kInvalidArgument.
common::Result<std::string> normalizeBaseUrl(std::string_view base_url);

/// `base_url` + "/" + each segment percent-encoded + "?name=value&..." (omitted when empty).
/// `base_url` must come from normalizeBaseUrl.
std::string buildUrl(std::string_view base_url, std::initializer_list<std::string_view> segments,
                     const QueryParams& query = {});

/// The URL spelling of a version: "latest" for kLatestVersion, else the number.
std::string versionSegment(int version);

}  // namespace tracker::schema_registry
