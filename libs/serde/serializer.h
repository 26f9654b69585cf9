#pragma once

// Serializing Protobuf messages into the Confluent wire format, registering (or looking up) their
// schema in a schema registry on first use.

#include "common/result.h"
#include "schema_registry/lru_cache.h"
#include "schema_registry/schema_source.h"
#include "serde/subject_name.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::serde {

/// How a serializer names, registers and frames.
struct SerializerOptions {
  /// Where the schema goes in the registry.
  SubjectNameStrategy subject_name_strategy = SubjectNameStrategy::kTopicName;
  /// Serializing record keys (subject "<topic>-key" under kTopicName) rather than values.
  bool is_key = false;
  /// Register the schema (idempotent) when true; only look it up when false, failing with the
  /// registry's 40401/40403 when it is not there.
  bool auto_register = true;
  /// Ask the registry to normalize the schema before comparing (`?normalize=true`).
  bool normalize = false;
  /// Write message indexes as plain unsigned varints, for Python clients before 1.8.2.
  bool use_deprecated_format = false;
};

/// Serializes messages of one compiled type. Not a template, so it also serves dynamic messages;
/// Serializer<M> below is the typed front.
///
/// The schema registered is the `.proto` text of the type's file (protoTextOf). Imports other than
/// built-ins (google/protobuf/*, google/type/*, confluent/*) are registered first, recursively,
/// under their import path as subject and sent as references. The schema id is cached per
/// subject (at most kMaxCachedSubjects), so the registry is asked once per subject.
///
/// Thread-safe. Failures: errc::kWrongMessageType, errc::kSerializeFailed, or the registry's
/// error unchanged (e.g. "schema_registry.40901" incompatible, "schema_registry.transport").
class ProtobufSerializer {
 public:
  /// Subjects whose schema id is remembered; beyond that the least recently used is forgotten.
  static constexpr std::size_t kMaxCachedSubjects = 1'000;

  /// Serializes messages of type `descriptor` (which must outlive the serializer; compiled types
  /// live forever) through `registry`.
  ProtobufSerializer(std::shared_ptr<schema_registry::SchemaSource> registry,
                     const google::protobuf::Descriptor& descriptor, SerializerOptions options);

  /// The Confluent frame of `message` for `topic`: magic 0, schema id, index path, payload.
  common::Result<std::string> serialize(std::string_view topic,
                                        const google::protobuf::Message& message);

  /// The schema id for `topic`, registering (or looking up) the schema on first use.
  common::Result<int> schemaId(std::string_view topic);

 private:
  // Registers (or looks up) `file`'s schema under `subject`; returns its id, and its version when
  // `need_version` (references need it) even if the registry's register answer lacks it.
  common::Result<schema_registry::RegisterResult> resolve(
      const google::protobuf::FileDescriptor& file, const std::string& subject, bool need_version);
  common::Result<std::vector<schema_registry::Reference>> resolveImports(
      const google::protobuf::FileDescriptor& file);

  std::shared_ptr<schema_registry::SchemaSource> registry_;
  const google::protobuf::Descriptor& descriptor_;
  SerializerOptions options_;
  std::vector<int> message_indexes_;
  schema_registry::LruCache<std::string, int> schema_ids_;
};

/// Serializes messages of the compiled type `M`.
template <typename M>
class Serializer {
 public:
  /// See ProtobufSerializer.
  explicit Serializer(std::shared_ptr<schema_registry::SchemaSource> registry,
                      SerializerOptions options = {})
      : core_(std::move(registry), *M::descriptor(), options) {}

  /// The Confluent frame of `message` for `topic`. See ProtobufSerializer::serialize.
  common::Result<std::string> serialize(std::string_view topic, const M& message) {
    return core_.serialize(topic, message);
  }

 private:
  ProtobufSerializer core_;
};

}  // namespace tracker::serde
