#pragma once

// What the Protobuf serializer and deserializer (libs/serde) need from a schema registry. The
// registry Client implements it over HTTP; unit tests use the in-memory InMemorySchemaSource
// (testing/in_memory_schema_source.h).

#include "common/result.h"
#include "schema_registry/types.h"

#include <string_view>

namespace tracker::schema_registry {

/// Registers and fetches schemas. Implementations are thread-safe. Failures carry the
/// schema_registry error codes of errors.h (e.g. "schema_registry.40403" for an unknown id).
class SchemaSource {
 public:
  virtual ~SchemaSource() = default;

  /// POST /subjects/{subject}/versions: registers `schema` under `subject` (or finds it there) and
  /// returns its global id. `normalize` asks the registry to normalize before comparing.
  virtual common::Result<RegisterResult> registerSchema(std::string_view subject,
                                                        const Schema& schema, bool normalize) = 0;

  /// POST /subjects/{subject}: finds `schema` among the versions of `subject` without registering
  /// it. Fails with 40401 (no such subject) or 40403 (not registered under it).
  virtual common::Result<RegisteredSchema> lookupSchema(std::string_view subject,
                                                        const Schema& schema, bool normalize) = 0;

  /// GET /schemas/ids/{id}: the schema with global id `id`, in `format`. Fails with 40403.
  virtual common::Result<Schema> getSchemaById(int id, SchemaFormat format) = 0;

  /// GET /subjects/{subject}/versions/{version}: one version (kLatestVersion for the latest),
  /// soft-deleted versions included when `include_deleted` (needed to resolve references).
  virtual common::Result<RegisteredSchema> getVersion(std::string_view subject, int version,
                                                      SchemaFormat format,
                                                      bool include_deleted) = 0;
};

}  // namespace tracker::schema_registry
