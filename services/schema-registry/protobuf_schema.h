#pragma once

// A Protobuf schema as the registry understands it: parsed from .proto text or from a base64
// serialized FileDescriptorProto, its imports resolved (registry references first, then the
// google/protobuf/* files compiled into libprotobuf), validated by building it into a private
// DescriptorPool, and rendered into the canonical text that decides schema identity (spec §6).

#include "errors.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry_service {

/// One entry of a schema's "references": the import path and the subject/version providing it.
struct Reference {
  std::string name;
  std::string subject;
  int version = 0;

  friend bool operator==(const Reference&, const Reference&) = default;
};

/// What a reference points at: the stored serialized descriptor and that schema's references.
struct ResolvedReference {
  std::string descriptor;
  std::vector<Reference> references;
};

/// Looks a reference up in the store (42201 "No schema reference found" when it does not exist).
using ReferenceResolver = std::function<Result<ResolvedReference>(const Reference&)>;

/// A parsed, validated schema. Immutable after construction, so one instance may be shared by
/// all threads (the registry caches them by id).
class ProtobufSchema {
 public:
  /// Parses a submitted schema string (serde::parseSchema: .proto text, or base64 of a serialized
  /// FileDescriptorProto). `references` must cover every import that is not built in. With
  /// `normalize`, fields, oneofs, imports, reserved ranges and enum values are sorted (§6).
  /// Errors: kInvalidSchema.
  static Result<std::shared_ptr<const ProtobufSchema>> parse(std::string_view schema,
                                                             std::vector<Reference> references,
                                                             bool normalize,
                                                             const ReferenceResolver& resolve);

  /// Rebuilds a stored schema from its serialized canonical descriptor (no re-canonicalization).
  static Result<std::shared_ptr<const ProtobufSchema>> fromDescriptor(
      std::string_view descriptor, std::vector<Reference> references,
      const ReferenceResolver& resolve);

  /// The canonical .proto text: what GET returns and what identity is computed from.
  const std::string& canonical() const { return canonical_; }

  /// Serialized canonical FileDescriptorProto (file name "default").
  const std::string& descriptor() const { return descriptor_; }

  const std::vector<Reference>& references() const { return references_; }

  /// The built file, for the compatibility diff.
  const google::protobuf::FileDescriptor& file() const { return *file_; }

  /// Identity text: canonical form plus references (what the fingerprint hashes).
  std::string identity() const;

 private:
  ProtobufSchema() = default;

  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  const google::protobuf::FileDescriptor* file_ = nullptr;
  std::string canonical_;
  std::string descriptor_;
  std::vector<Reference> references_;
};

/// Sorts what `normalize=true` sorts (§6), in place. Exposed for tests.
void normalizeFile(google::protobuf::FileDescriptorProto* file);

/// Removes json_name where it equals protoc's default (lowerCamel of the field name).
void stripDefaultJsonNames(google::protobuf::FileDescriptorProto* file);

}  // namespace tracker::schema_registry_service
