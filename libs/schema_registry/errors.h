#pragma once

// Error codes raised by the schema_registry module (see common::Error::code), and helpers to
// classify them.
//
// A failure the registry explained in its JSON error body keeps the registry's own number:
// code = "schema_registry.<error_code>", e.g. "schema_registry.40401" (subject not found) or
// "schema_registry.40901" (incompatible schema); the HTTP status is the number's first three
// digits (spec §1.2). A non-2xx answer without such a body is "schema_registry.http_<status>".

#include "common/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace tracker::schema_registry::errc {

/// The registry could not be reached, or the exchange broke off, on every attempt.
inline constexpr std::string_view kTransport = "schema_registry.transport";

/// The registry answered 2xx with a body that does not have the documented shape.
inline constexpr std::string_view kInvalidResponse = "schema_registry.invalid_response";

/// The caller passed something that can never work (malformed base URL, version 0, id ≤ 0).
inline constexpr std::string_view kInvalidArgument = "schema_registry.invalid_argument";

/// Registry error numbers with a meaning callers commonly act on (spec §1.2).
inline constexpr int kSubjectNotFound = 40401;
inline constexpr int kVersionNotFound = 40402;
inline constexpr int kSchemaNotFound = 40403;
inline constexpr int kSubjectSoftDeleted = 40404;
inline constexpr int kSubjectNotSoftDeleted = 40405;
inline constexpr int kVersionSoftDeleted = 40406;
inline constexpr int kVersionNotSoftDeleted = 40407;
inline constexpr int kSubjectCompatibilityNotConfigured = 40408;
inline constexpr int kIncompatibleSchema = 40901;
inline constexpr int kInvalidSchema = 42201;
inline constexpr int kInvalidVersion = 42202;
inline constexpr int kInvalidCompatibilityLevel = 42203;

/// "schema_registry.<error_code>".
std::string registryCode(int error_code);

/// The registry error number carried by `error` (40401 for "schema_registry.40401"), or nullopt
/// when the error did not come from a registry error body.
std::optional<int> registryErrorNumber(const common::Error& error);

/// True when `error` carries registry error number `error_code`.
bool isRegistryError(const common::Error& error, int error_code);

/// True for failures that may go away by themselves (transport, HTTP 408/429/5xx, registry
/// 5xxxx): worth retrying later or pausing; false for answers that will not change (4xx).
bool isTransient(const common::Error& error);

}  // namespace tracker::schema_registry::errc
