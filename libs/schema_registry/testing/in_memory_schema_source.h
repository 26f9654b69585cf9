#pragma once

// An in-memory SchemaSource for pure-logic unit tests of code that talks to a registry
// (serializer, deserializer). Test support only; never linked into a service.

#include "schema_registry/schema_source.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tracker::schema_registry::testing {

/// Behaves like a registry with compatibility NONE: registering a schema text new to a subject
/// adds a version; the same text (and references) under any subject reuses its id. Schemas are
/// returned exactly as registered whatever the requested format, so a test chooses the text or
/// base64 form by how it registers. Thread-safe.
class InMemorySchemaSource final : public SchemaSource {
 public:
  /// Adds a version unless this exact schema is already under `subject`; `normalize` is ignored.
  common::Result<RegisterResult> registerSchema(std::string_view subject, const Schema& schema,
                                                bool normalize) override;
  /// 40401 for an unknown subject, 40403 when the exact schema is not under it.
  common::Result<RegisteredSchema> lookupSchema(std::string_view subject, const Schema& schema,
                                                bool normalize) override;
  /// The schema as registered (whatever `format`), or 40403.
  common::Result<Schema> getSchemaById(int id, SchemaFormat format) override;
  /// The version (kLatestVersion: the last one), or 40401 / 40402; nothing is ever deleted.
  common::Result<RegisteredSchema> getVersion(std::string_view subject, int version,
                                              SchemaFormat format, bool include_deleted) override;

  /// Makes the next call (of any kind) fail with `error` instead of answering.
  void failNextCall(common::Error error);

  /// Calls received so far, by kind.
  struct CallCounts {
    int register_schema = 0;
    int lookup_schema = 0;
    int get_schema_by_id = 0;
    int get_version = 0;
  };

  /// How often each method was called (failed calls included).
  CallCounts callCounts() const;

 private:
  struct Version {
    int version;
    int id;
  };

  std::optional<common::Error> takeInjectedFailure();

  mutable std::mutex mutex_;
  std::vector<Schema> schemas_;  // id - 1 → schema
  std::map<std::string, std::vector<Version>, std::less<>> subjects_;
  std::optional<common::Error> next_failure_;
  CallCounts calls_;
};

}  // namespace tracker::schema_registry::testing
