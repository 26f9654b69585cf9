#pragma once

// A schema fetched from the registry, built into a private DescriptorPool so that the writer's
// message types can be located by index path and compared with compiled reader types.

#include "common/result.h"
#include "schema_registry/types.h"

#include <google/protobuf/descriptor.h>

#include <functional>
#include <memory>

namespace tracker::serde {

/// Fetches the schema a reference points at (its subject and version).
using ReferenceResolver =
    std::function<common::Result<schema_registry::Schema>(const schema_registry::Reference&)>;

/// A registry schema and everything it imports, built into a pool of its own.
///
/// Imports are resolved in this order: the schema's references (fetched through the resolver,
/// recursively with their own references), then files compiled into this program
/// (DescriptorPool::generated_pool(), which holds google/protobuf/* well-known types), copied into
/// the private pool. The private pool never sees the program's own compiled types otherwise, so a
/// writer schema can declare the same names as a reader type without clashing.
class WriterSchema {
 public:
  /// At most this many files (the schema plus its transitive imports) are built; more, or an
  /// import cycle, fails with errc::kInvalidSchema.
  static constexpr int kMaxFiles = 64;

  /// Parses `schema` (.proto text or base64 descriptor) and builds it with its imports. The
  /// schema type is not trusted on its own: registries that omit `schemaType` make it read AVRO,
  /// so any schema that parses as Protobuf is accepted. Fails
  /// with errc::kInvalidSchema (syntax, unresolved import or type, cycle) or with the resolver's
  /// error, passed through unchanged.
  static common::Result<std::unique_ptr<WriterSchema>> build(const schema_registry::Schema& schema,
                                                             const ReferenceResolver& resolve);

  /// The built file of the schema itself.
  const google::protobuf::FileDescriptor& file() const { return *file_; }

 private:
  WriterSchema() = default;

  google::protobuf::DescriptorPool pool_;
  const google::protobuf::FileDescriptor* file_ = nullptr;
};

}  // namespace tracker::serde
