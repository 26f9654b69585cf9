#pragma once

// The registry's behaviour (spec §1.4, §1.5, §4) independent of HTTP: register, lookup, reads,
// deletes, compatibility, config and mode, on top of the PostgreSQL store. Thread-safe; every
// write is one store transaction under the registry-wide lock.

#include "compatibility.h"
#include "errors.h"
#include "protobuf_schema.h"
#include "store.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry_service {

enum class Mode { kReadWrite, kReadOnly, kReadOnlyOverride };

std::string_view modeName(Mode mode);

/// A schema as posted to register / lookup / compatibility endpoints.
struct SchemaSubmission {
  std::string schema;
  /// As sent; empty when the field was absent (which Confluent reads as AVRO).
  std::string schema_type;
  std::vector<Reference> references;
};

/// A stored schema (immutable once written).
struct SchemaRecord {
  int id = 0;
  std::string canonical;
  std::string descriptor;
  std::vector<Reference> references;
};

/// One (subject, version) row.
struct VersionRecord {
  std::string subject;
  int version = 0;
  int schema_id = 0;
  bool deleted = false;
};

/// A subject version with its schema.
struct SubjectSchema {
  std::string subject;
  int version = 0;
  std::shared_ptr<const SchemaRecord> schema;
};

/// A compatibility setting: level plus the optional normalize flag.
struct CompatibilityConfig {
  CompatibilityLevel level = CompatibilityLevel::kBackward;
  std::optional<bool> normalize;
};

class Registry {
 public:
  /// `cache_limit` bounds the parsed-schema and record caches (entries, each).
  Registry(Store& store, std::size_t cache_limit);

  /// POST /subjects/{s}/versions. `normalize` nullopt = use the configured default.
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

  Result<std::vector<std::string>> subjects(bool include_deleted, std::string_view prefix);

  Result<std::vector<int>> versions(const std::string& subject, bool include_deleted,
                                    bool deleted_only);

  /// `version_text`: "latest", "-1" or 1..2^31-1.
  Result<SubjectSchema> version(const std::string& subject, std::string_view version_text,
                                bool include_deleted);

  Result<std::vector<int>> deleteSubject(const std::string& subject, bool permanent);

  Result<int> deleteVersion(const std::string& subject, std::string_view version_text,
                            bool permanent);

  /// Compatibility of `submission` with one version (`version_text`) or, when nullopt, with the
  /// versions the subject's level selects. Returns violation messages; empty = compatible.
  Result<std::vector<std::string>> testCompatibility(const std::string& subject,
                                                     std::optional<std::string_view> version_text,
                                                     const SchemaSubmission& submission,
                                                     std::optional<bool> normalize);

  /// Config of `subject` (nullopt = global). Without `default_to_global` a subject without its
  /// own setting is kSubjectConfigNotFound.
  Result<CompatibilityConfig> config(const std::optional<std::string>& subject,
                                     bool default_to_global);
  Result<CompatibilityConfig> setConfig(const std::optional<std::string>& subject,
                                        std::string_view level, std::optional<bool> normalize);
  /// Removes a setting, returning what it was (global: back to BACKWARD).
  Result<CompatibilityConfig> deleteConfig(const std::optional<std::string>& subject);

  Result<Mode> mode(const std::optional<std::string>& subject, bool default_to_global);
  Result<Mode> setMode(const std::optional<std::string>& subject, std::string_view mode);
  Result<Mode> deleteMode(const std::optional<std::string>& subject);

 private:
  Result<std::shared_ptr<const ProtobufSchema>> parseSubmission(
      Connection& connection, const std::string& subject, const SchemaSubmission& submission,
      std::optional<bool> normalize);
  Result<std::shared_ptr<const SchemaRecord>> loadRecord(Connection& connection, int id);
  Result<std::shared_ptr<const ProtobufSchema>> loadParsed(Connection& connection, int id);
  Result<std::vector<PreviousVersion>> liveHistory(
      Connection& connection, const std::string& subject,
      std::vector<std::shared_ptr<const ProtobufSchema>>* keep_alive);
  Result<CompatibilityConfig> effectiveConfig(Connection& connection, const std::string& subject);
  Result<void> checkWritable(Connection& connection, const std::string& subject);
  Result<std::vector<VersionRecord>> subjectRows(Connection& connection,
                                                 const std::string& subject);

  Store& store_;
  std::size_t cache_limit_;
  std::mutex cache_mutex_;
  std::map<int, std::shared_ptr<const SchemaRecord>> records_;
  std::map<int, std::shared_ptr<const ProtobufSchema>> parsed_;
};

/// "latest"/"-1" → nullopt; 1..2^31-1 → the number; otherwise kInvalidVersion.
Result<std::optional<int>> parseVersion(std::string_view text);

}  // namespace tracker::schema_registry_service
