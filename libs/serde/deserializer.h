#pragma once

// Deserializing Confluent-framed Protobuf records into a compiled message type, checking against
// the writer's schema from the registry that the bytes really are that type.

#include "common/result.h"
#include "schema_registry/lru_cache.h"
#include "schema_registry/schema_source.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::serde {

/// How a deserializer reads frames.
struct DeserializerOptions {
  /// Read message indexes as plain unsigned varints (records from Python clients before 1.8.2).
  bool use_deprecated_format = false;
  /// (schema id, index path) verdicts remembered; beyond that the least recently used is dropped.
  std::size_t verdict_cache_capacity = 1'000;
};

/// Deserializes records into one compiled type. Not a template; Deserializer<M> below is the
/// typed front.
///
/// For each new (schema id, index path) it fetches the writer schema (`format=serialized`; text
/// answers work too), builds it in a private pool (writer_schema.h), finds the writer message by
/// index path, and requires (1) the writer message's full name to equal the reader's and (2) no
/// incompatible field difference from writer to reader (protobuf_compat.h). The verdict is cached;
/// later records with that id and path cost only the parse.
///
/// Thread-safe. Failures: errc::kTooShort, kBadMagic, kBadMessageIndexes, kUnknownSchemaId,
/// kUnknownMessageIndex, kWrongMessageType, kIncompatibleSchema, kInvalidSchema, kInvalidPayload;
/// registry failures other than an unknown id are passed through unchanged and not cached (use
/// schema_registry::errc::isTransient to decide between retrying and dead-lettering).
class ProtobufDeserializer {
 public:
  /// Reads messages of type `reader` (which must outlive the deserializer) using `registry`.
  ProtobufDeserializer(std::shared_ptr<schema_registry::SchemaSource> registry,
                       const google::protobuf::Descriptor& reader, DeserializerOptions options);

  /// Checks `bytes` and parses its payload into `message`, whose type must be the reader type.
  /// Returns the writer schema id read from the frame.
  common::Result<std::int32_t> deserializeInto(std::string_view bytes,
                                               google::protobuf::Message& message);

 private:
  // The verdict for writer (schema_id, path): nullopt when the reader may parse, else why not.
  common::Result<std::optional<common::Error>> verdictFor(int schema_id,
                                                          const std::vector<int>& path);
  common::Result<std::optional<common::Error>> computeVerdict(int schema_id,
                                                              const std::vector<int>& path);

  std::shared_ptr<schema_registry::SchemaSource> registry_;
  const google::protobuf::Descriptor& reader_;
  DeserializerOptions options_;
  schema_registry::LruCache<std::string, std::optional<common::Error>> verdicts_;
};

/// A deserialized record: the message and the writer schema id its frame named (read once, so a
/// caller that stores the id does not decode the frame again).
template <typename M>
struct Deserialized {
  M message;
  std::int32_t schema_id = 0;
};

/// Deserializes records into the compiled type `M`.
template <typename M>
class Deserializer {
 public:
  /// See ProtobufDeserializer.
  explicit Deserializer(std::shared_ptr<schema_registry::SchemaSource> registry,
                        DeserializerOptions options = {})
      : core_(std::move(registry), *M::descriptor(), options) {}

  /// The message framed in `bytes` and its writer schema id. See ProtobufDeserializer for the
  /// checks and errors.
  common::Result<Deserialized<M>> deserialize(std::string_view bytes) {
    Deserialized<M> read;
    auto schema_id = core_.deserializeInto(bytes, read.message);
    if (!schema_id) return tl::unexpected(schema_id.error());
    read.schema_id = *schema_id;
    return read;
  }

 private:
  ProtobufDeserializer core_;
};

}  // namespace tracker::serde
