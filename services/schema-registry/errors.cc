#include "errors.h"

namespace tracker::schema_registry_service {
namespace {

std::string quoted(std::string_view subject) { return "'" + std::string(subject) + "'"; }

}  // namespace

Error subjectNotFound(std::string_view subject) {
  return {Errc::kSubjectNotFound, "Subject " + quoted(subject) + " not found."};
}

Error versionNotFound(std::string_view version) {
  return {Errc::kVersionNotFound, "Version " + std::string(version) + " not found."};
}

Error schemaIdNotFound(std::string_view id) {
  return {Errc::kSchemaNotFound, "Schema " + std::string(id) + " not found"};
}

Error schemaNotFound() { return {Errc::kSchemaNotFound, "Schema not found"}; }

Error subjectSoftDeleted(std::string_view subject) {
  return {Errc::kSubjectSoftDeleted, "Subject " + quoted(subject) +
                                         " was soft deleted. Set permanent=true to delete "
                                         "permanently"};
}

Error subjectNotSoftDeleted(std::string_view subject) {
  return {Errc::kSubjectNotSoftDeleted,
          "Subject " + quoted(subject) + " was not deleted first before being permanently deleted"};
}

Error versionSoftDeleted(std::string_view subject, int version) {
  return {Errc::kVersionSoftDeleted, "Subject " + quoted(subject) + " Version " +
                                         std::to_string(version) +
                                         " was soft deleted. Set permanent=true to delete "
                                         "permanently"};
}

Error versionNotSoftDeleted(std::string_view subject, int version) {
  return {Errc::kVersionNotSoftDeleted,
          "Subject " + quoted(subject) + " Version " + std::to_string(version) +
              " was not deleted first before being permanently deleted"};
}

Error subjectConfigNotFound(std::string_view subject) {
  return {Errc::kSubjectConfigNotFound,
          "Subject " + quoted(subject) + " does not have subject-level compatibility configured"};
}

Error subjectModeNotFound(std::string_view subject) {
  return {Errc::kSubjectModeNotFound,
          "Subject " + quoted(subject) + " does not have subject-level mode configured"};
}

Error incompatibleSchema(std::string_view subject, const std::vector<std::string>& violations) {
  std::string details;
  for (const std::string& violation : violations) {
    details += (details.empty() ? "" : "; ") + violation;
  }
  return {Errc::kIncompatibleSchema,
          "Schema being registered is incompatible with an earlier schema for subject \"" +
              std::string(subject) + "\", details: [" + details + "]"};
}

Error emptySchema() { return {Errc::kInvalidSchema, "Empty schema"}; }

Error unsupportedSchemaType(std::string_view schema_type) {
  const std::string shown = schema_type.empty() ? "AVRO (default)" : std::string(schema_type);
  return {Errc::kInvalidSchema,
          "This registry supports only schemaType PROTOBUF, got '" + shown + "'"};
}

Error referenceNotFound(std::string_view subject, int version) {
  return {Errc::kInvalidSchema, "Invalid schema: No schema reference found for subject \"" +
                                    std::string(subject) + "\" and version " +
                                    std::to_string(version)};
}

Error invalidVersion(std::string_view text) {
  return {Errc::kInvalidVersion,
          "The specified version '" + std::string(text) +
              "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "
              "\"latest\""};
}

Error invalidCompatibilityLevel() {
  return {Errc::kInvalidCompatibilityLevel,
          "Invalid compatibility level. Valid values are none, backward, forward, full, "
          "backward_transitive, forward_transitive, and full_transitive"};
}

Error compatibilityLevelRequired() {
  return {Errc::kInvalidCompatibilityLevel,
          "Invalid compatibility level: \"compatibility\" is required"};
}

Error invalidMode() {
  return {Errc::kInvalidMode,
          "Invalid mode. Valid values are READWRITE, READONLY and READONLY_OVERRIDE (IMPORT is "
          "not supported by this registry)"};
}

Error modeRequired() { return {Errc::kInvalidMode, "Invalid mode: \"mode\" is required"}; }

Error readOnlyMode(std::string_view subject) {
  return {Errc::kOperationNotPermitted,
          "Subject " + std::string(subject) + " is in read-only mode"};
}

Error referenceExists(std::string_view subject, int version) {
  return {Errc::kReferenceExists,
          "One or more references exist to the schema {subject=" + std::string(subject) +
              ",version=" + std::to_string(version) + "}"};
}

Error invalidSubject(std::string_view subject) {
  return {Errc::kInvalidSubject, "Invalid subject " + quoted(subject)};
}

Error badRequest(std::string why) { return {Errc::kBadRequest, std::move(why)}; }

Error storeError(std::string_view why) {
  return {Errc::kStoreError, "store error: " + std::string(why)};
}

}  // namespace tracker::schema_registry_service
