#pragma once

// The registry's one error enum. Everything below the REST layer speaks Errc; rest_api.cc alone
// maps it to Confluent's error_code / HTTP status (confluentCode()).

#include <tl/expected.hpp>

#include <string>
#include <utility>

namespace tracker::schema_registry_service {

enum class Errc {
  kSubjectNotFound,            // 40401
  kVersionNotFound,            // 40402
  kSchemaNotFound,             // 40403
  kSubjectSoftDeleted,         // 40404
  kSubjectNotSoftDeleted,      // 40405
  kVersionSoftDeleted,         // 40406
  kVersionNotSoftDeleted,      // 40407
  kSubjectConfigNotFound,      // 40408
  kSubjectModeNotFound,        // 40409
  kIncompatibleSchema,         // 40901
  kInvalidSchema,              // 42201
  kInvalidVersion,             // 42202
  kInvalidCompatibilityLevel,  // 42203
  kInvalidMode,                // 42204
  kOperationNotPermitted,      // 42205
  kReferenceExists,            // 42206
  kInvalidSubject,             // 42208
  kBadRequest,                 // 400 (malformed JSON, bad query parameter)
  kStoreError,                 // 50001
};

/// A registry failure: what went wrong (code) and the text shown to the client.
struct Error {
  Errc code;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(Errc code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

/// Confluent's error_code for `code` (HTTP status = its first three digits).
int confluentCode(Errc code);

}  // namespace tracker::schema_registry_service
