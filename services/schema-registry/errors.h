#pragma once

// The registry's one error enum, and one factory per client-visible message so each message is
// written once. Everything below the REST layer speaks Errc; rest_api.cc alone maps it to
// Confluent's error_code / HTTP status (confluentCode()). Confluent's clients read both the
// numeric code and this shape, so neither may change.

#include <tl/expected.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::schema_registry_service {

/// Each value is Confluent's error_code (HTTP status = its first three digits).
enum class Errc {
  kSubjectNotFound = 40401,
  kVersionNotFound = 40402,
  kSchemaNotFound = 40403,
  kSubjectSoftDeleted = 40404,
  kSubjectNotSoftDeleted = 40405,
  kVersionSoftDeleted = 40406,
  kVersionNotSoftDeleted = 40407,
  kSubjectConfigNotFound = 40408,
  kSubjectModeNotFound = 40409,
  kIncompatibleSchema = 40901,
  kInvalidSchema = 42201,
  kInvalidVersion = 42202,
  kInvalidCompatibilityLevel = 42203,
  kInvalidMode = 42204,
  kOperationNotPermitted = 42205,
  kReferenceExists = 42206,
  kInvalidSubject = 42208,
  kBadRequest = 400,  // malformed JSON, bad query parameter
  kStoreError = 50001,
};

/// A registry failure: what went wrong (code) and the text shown to the client.
struct Error {
  Errc code;
  std::string message;

  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = tl::expected<T, Error>;

/// The error side of a Result, for an error built by a factory below.
inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

/// The error side of a Result, for a message that only one place can write (parser output).
inline tl::unexpected<Error> fail(Errc code, std::string message) {
  return fail(Error{code, std::move(message)});
}

/// Confluent's error_code for `code` (HTTP status = its first three digits).
constexpr int confluentCode(Errc code) { return static_cast<int>(code); }

// ---- one factory per message, grouped by code ---------------------------------------------------

/// 40401: the subject has no (visible) version.
Error subjectNotFound(std::string_view subject);
/// 40402: `version` as the client wrote it.
Error versionNotFound(std::string_view version);
/// 40403: no schema has id `id` (as the client wrote it).
Error schemaIdNotFound(std::string_view id);
/// 40403: lookup found no version of the subject holding the submitted schema.
Error schemaNotFound();
/// 40404: a soft delete of a subject whose versions are all soft-deleted already.
Error subjectSoftDeleted(std::string_view subject);
/// 40405: a permanent delete of a subject that was not soft-deleted first.
Error subjectNotSoftDeleted(std::string_view subject);
/// 40406: a soft delete of a version that is soft-deleted already.
Error versionSoftDeleted(std::string_view subject, int version);
/// 40407: a permanent delete of a version that was not soft-deleted first.
Error versionNotSoftDeleted(std::string_view subject, int version);
/// 40408: the subject has no compatibility setting of its own.
Error subjectConfigNotFound(std::string_view subject);
/// 40409: the subject has no mode of its own.
Error subjectModeNotFound(std::string_view subject);
/// 40901: the compatibility check failed; `violations` are its messages.
Error incompatibleSchema(std::string_view subject, const std::vector<std::string>& violations);
/// 42201: the submission has no schema text.
Error emptySchema();
/// 42201: schemaType other than PROTOBUF (`schema_type` as sent; empty means AVRO).
Error unsupportedSchemaType(std::string_view schema_type);
/// 42201: a reference names a subject version that does not exist.
Error referenceNotFound(std::string_view subject, int version);
/// 42202: `text` is not "latest", "-1" or 1..2^31-1.
Error invalidVersion(std::string_view text);
/// 42203: an unknown compatibility level.
Error invalidCompatibilityLevel();
/// 42203: PUT /config without "compatibility".
Error compatibilityLevelRequired();
/// 42204: an unknown (or unsupported) mode.
Error invalidMode();
/// 42204: PUT /mode without "mode".
Error modeRequired();
/// 42205: a write to a subject whose mode is not READWRITE.
Error readOnlyMode(std::string_view subject);
/// 42206: a delete of a version some schema still references.
Error referenceExists(std::string_view subject, int version);
/// 42208: an empty subject or one with control characters.
Error invalidSubject(std::string_view subject);
/// 400: the request itself is malformed (`why` says how).
Error badRequest(std::string why);
/// 50001: the store failed (PostgreSQL unreachable or refusing); `why` is its message.
Error storeError(std::string_view why);

}  // namespace tracker::schema_registry_service
