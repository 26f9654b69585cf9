#pragma once

// The registry's rules for schemas and subject versions (spec §1.4, §4) independent of HTTP and
// of SQL: register, lookup, reads, deletes and the compatibility test, over a SchemaStore
// (schema_store.h). The config and mode rules are in settings.h.
// Thread-safe; every write is one store write session (one transaction under the registry-wide
// lock), so its checks and its changes see one state.

#include "compatibility.h"
#include "errors.h"
#include "protobuf_schema.h"
#include "schema_store.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry_service {

/// A schema as posted to register / lookup / compatibility endpoints.
struct SchemaSubmission {
  std::string schema;
  /// As sent; empty when the field was absent (which Confluent reads as AVRO).
  std::string schema_type;
  std::vector<Reference> references;
};

/// A subject version with its schema.
struct SubjectSchema {
  std::string subject;
  int version = 0;
  std::shared_ptr<const SchemaRecord> schema;
};

class Registry {
 public:
  /// `store` must outlive the registry. `cache_limit` bounds the parsed-schema and record caches
  /// (entries, each; at least 16).
  Registry(SchemaStore& store, std::size_t cache_limit);

  /// POST /subjects/{s}/versions. `normalize` nullopt = use the configured default.
  /// Re-registering a schema live under the subject returns its version and writes nothing.
  Result<SubjectSchema> registerSchema(const std::string& subject,
                                       const SchemaSubmission& submission,
                                       std::optional<bool> normalize);

  /// POST /subjects/{s}: the version of `subject` holding exactly this schema.
  Result<SubjectSchema> lookup(const std::string& subject, const SchemaSubmission& submission,
                               std::optional<bool> normalize, bool include_deleted);

  /// GET /schemas/ids/{id} (soft-deleted versions do not hide the id).
  Result<std::shared_ptr<const SchemaRecord>> schemaById(int id);

  /// Versions using schema `id`; kSchemaNotFound when the id does not exist.
  Result<std::vector<VersionRecord>> versionsOfSchema(int id, bool include_deleted);

  /// Subjects starting with `prefix`, sorted.
  Result<std::vector<std::string>> subjects(bool include_deleted, std::string_view prefix);

  /// Version numbers of `subject`: live ones, plus soft-deleted with `include_deleted`, or only
  /// soft-deleted with `deleted_only`.
  Result<std::vector<int>> versions(const std::string& subject, bool include_deleted,
                                    bool deleted_only);

  /// `version_text`: "latest", "-1" or 1..2^31-1.
  Result<SubjectSchema> version(const std::string& subject, std::string_view version_text,
                                bool include_deleted);

  /// Soft delete (every version marked), or permanent delete of a soft-deleted subject (its
  /// versions, config and mode removed). Returns the versions deleted.
  Result<std::vector<int>> deleteSubject(const std::string& subject, bool permanent);

  /// Soft or permanent delete of one version, as deleteSubject. Returns the version number.
  Result<int> deleteVersion(const std::string& subject, std::string_view version_text,
                            bool permanent);

  /// Compatibility of `submission` with one version (`version_text`) or, when nullopt, with the
  /// versions the subject's level selects. Returns violation messages; empty = compatible.
  Result<std::vector<std::string>> testCompatibility(const std::string& subject,
                                                     std::optional<std::string_view> version_text,
                                                     const SchemaSubmission& submission,
                                                     std::optional<bool> normalize);

 private:
  using ParsedSchema = std::shared_ptr<const ProtobufSchema>;

  Result<ParsedSchema> parseSubmission(StoreSession& session, const std::string& subject,
                                       const SchemaSubmission& submission,
                                       std::optional<bool> normalize);
  Result<std::shared_ptr<const SchemaRecord>> loadRecord(StoreSession& session, int id);
  Result<ParsedSchema> loadParsed(StoreSession& session, int id);
  Result<std::vector<PreviousVersion>> liveHistory(StoreSession& session,
                                                   const std::string& subject,
                                                   std::vector<ParsedSchema>* keep_alive);
  Result<void> checkCompatible(StoreSession& session, const std::string& subject,
                               const ProtobufSchema& schema);
  Result<SubjectSchema> addVersion(StoreSession& session, const std::string& subject,
                                   const ProtobufSchema& schema, std::optional<int> id,
                                   const std::vector<VersionRecord>& rows);

  SchemaStore& store_;
  std::size_t cache_limit_;
  std::mutex cache_mutex_;
  std::map<int, std::shared_ptr<const SchemaRecord>> records_;  // guarded by cache_mutex_
  std::map<int, ParsedSchema> parsed_;                          // guarded by cache_mutex_
};

/// kInvalidSubject for an empty subject or one with control characters.
Result<void> validateSubject(std::string_view subject);

/// "latest"/"-1" → nullopt; 1..2^31-1 → the number; otherwise kInvalidVersion.
Result<std::optional<int>> parseVersion(std::string_view text);

}  // namespace tracker::schema_registry_service
