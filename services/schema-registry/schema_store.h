#pragma once

// Where the registry keeps its state: typed rows and the few statements the rules need, behind an
// interface with two implementations: PostgreSQL (openPostgresSchemaStore; schema_store.cc holds
// every SQL statement of the service) and an in-memory one for unit tests
// (testing/memory_schema_store.h).
//
// Work runs in a session. read() gives plain reads, each seeing what is committed when it runs.
// write() gives one transaction that first takes the registry-wide write lock, so that writes of
// every registry instance sharing the database run one at a time; when the work fails, nothing of
// it stays.

#include "errors.h"
#include "protobuf_schema.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::schema_registry_service {

/// A stored schema (immutable once written; never deleted, so ids are not reused).
struct SchemaRecord {
  int id = 0;
  std::string canonical;
  /// Serialized canonical FileDescriptorProto.
  std::string descriptor;
  std::vector<Reference> references;
};

/// A schema to store. `identity` (canonical text plus references) decides whether two
/// submissions are the same schema.
struct NewSchema {
  std::string identity;
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

  friend bool operator==(const VersionRecord&, const VersionRecord&) = default;
};

/// One compatibility setting row; either column may be unset.
struct ConfigRow {
  std::optional<std::string> compatibility;
  std::optional<bool> normalize;
};

/// The key of the global setting among the subjects' settings (config and mode).
inline constexpr std::string_view kGlobalKey = "";

/// The statements of one session. Every failure is kStoreError.
class StoreSession {
 public:
  virtual ~StoreSession() = default;

  /// The schema with id `id`; nullopt when there is none.
  virtual Result<std::optional<SchemaRecord>> schema(int id) = 0;
  /// The id of the schema with this identity; nullopt when there is none.
  virtual Result<std::optional<int>> schemaIdOf(const std::string& identity) = 0;
  /// Stores `schema` under the next free id (1 + the largest) and returns that id.
  virtual Result<int> insertSchema(const NewSchema& schema) = 0;
  /// The schema (descriptor and references) of `subject` version `version`, soft-deleted or not;
  /// nullopt when there is no such version.
  virtual Result<std::optional<ResolvedReference>> schemaOfVersion(const std::string& subject,
                                                                   int version) = 0;

  /// Every version of `subject`, soft-deleted ones too, oldest first.
  virtual Result<std::vector<VersionRecord>> subjectVersions(const std::string& subject) = 0;
  /// Every version (of any subject) using schema `id`, by subject, then version.
  virtual Result<std::vector<VersionRecord>> versionsOfSchema(int id) = 0;
  /// Sorted subjects starting with `prefix` that have a live version (any version when
  /// `include_deleted`).
  virtual Result<std::vector<std::string>> subjects(bool include_deleted,
                                                    std::string_view prefix) = 0;
  /// Adds a live version.
  virtual Result<void> insertVersion(const std::string& subject, int version, int schema_id) = 0;
  /// Marks version `version` of `subject` (all its versions when nullopt) soft-deleted.
  virtual Result<void> softDeleteVersions(const std::string& subject,
                                          std::optional<int> version) = 0;
  /// Removes version `version` of `subject` (all its versions when nullopt).
  virtual Result<void> removeVersions(const std::string& subject, std::optional<int> version) = 0;
  /// True when a schema that still has a version somewhere references `subject` `version`.
  virtual Result<bool> isReferenced(const std::string& subject, int version) = 0;

  /// The compatibility setting of `key` (a subject, or kGlobalKey); nullopt when none.
  virtual Result<std::optional<ConfigRow>> config(const std::string& key) = 0;
  /// Sets `key`'s level; a nullopt `normalize` keeps the stored flag.
  virtual Result<void> putConfig(const std::string& key, std::string_view level,
                                 std::optional<bool> normalize) = 0;
  /// Removes `key`'s setting and returns what it was (nullopt when there was none).
  virtual Result<std::optional<ConfigRow>> removeConfig(const std::string& key) = 0;

  /// The mode name of `key` (a subject, or kGlobalKey); nullopt when none.
  virtual Result<std::optional<std::string>> mode(const std::string& key) = 0;
  /// Sets `key`'s mode name.
  virtual Result<void> putMode(const std::string& key, std::string_view mode) = 0;
  /// Removes `key`'s mode and returns what it was (nullopt when there was none).
  virtual Result<std::optional<std::string>> removeMode(const std::string& key) = 0;
};

/// Work done in one session; its failure fails (and, in write(), rolls back) the session.
using StoreWork = std::function<Result<void>(StoreSession&)>;

/// Thread-safe.
class SchemaStore {
 public:
  virtual ~SchemaStore() = default;

  /// Runs `work` with plain reads.
  virtual Result<void> read(const StoreWork& work) = 0;

  /// Runs `work` in one transaction under the registry-wide write lock: committed when `work`
  /// succeeds, rolled back when it (or the commit) fails.
  virtual Result<void> write(const StoreWork& work) = 0;

  /// read() for work that returns a value.
  template <typename T, typename Work>
  Result<T> readValue(Work&& work) {
    return collect<T>(false, work);
  }

  /// write() for work that returns a value.
  template <typename T, typename Work>
  Result<T> writeValue(Work&& work) {
    return collect<T>(true, work);
  }

 private:
  template <typename T, typename Work>
  Result<T> collect(bool write_session, Work& work) {
    std::optional<T> value;
    const StoreWork wrapped = [&](StoreSession& session) -> Result<void> {
      Result<T> result = work(session);
      if (!result) return fail(std::move(result.error()));
      value = std::move(*result);
      return {};
    };
    auto done = write_session ? write(wrapped) : read(wrapped);
    if (!done) return fail(std::move(done.error()));
    return std::move(*value);
  }
};

/// The PostgreSQL store (tables of db/migrations/V002__schema_registry.sql) with a pool of
/// `connections` connections to `dsn`. Opens one connection now and checks the tables, so a wrong
/// DSN or a missing migration fails at start-up. Errors: kStoreError.
Result<std::unique_ptr<SchemaStore>> openPostgresSchemaStore(const std::string& dsn,
                                                             std::size_t connections);

}  // namespace tracker::schema_registry_service
