#include "serde/deserializer.h"

#include "schema_registry/errors.h"
#include "serde/errors.h"
#include "serde/message_path.h"
#include "serde/protobuf_compat.h"
#include "serde/wire_format.h"
#include "serde/writer_schema.h"

#include <climits>

namespace tracker::serde {
namespace {

namespace protobuf = google::protobuf;
using schema_registry::SchemaFormat;

std::string pathText(const std::vector<int>& path) {
  std::string text = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(path[i]);
  }
  return text + "]";
}

common::Error unknownSchemaId(int schema_id, const std::string& detail) {
  return {std::string(errc::kUnknownSchemaId),
          "schema id " + std::to_string(schema_id) + " is unknown to the registry" + detail};
}

}  // namespace

ProtobufDeserializer::ProtobufDeserializer(std::shared_ptr<schema_registry::SchemaSource> registry,
                                           const protobuf::Descriptor& reader,
                                           DeserializerOptions options)
    : registry_(std::move(registry)),
      reader_(reader),
      options_(options),
      verdicts_(options.verdict_cache_capacity) {}

common::Result<std::int32_t> ProtobufDeserializer::deserializeInto(std::string_view bytes,
                                                                   protobuf::Message& message) {
  if (message.GetDescriptor() != &reader_) {
    return common::makeError(std::string(errc::kWrongMessageType),
                             "deserializer for " + reader_.full_name() + " given a " +
                                 message.GetDescriptor()->full_name());
  }
  auto frame = decodeFrame(bytes, options_.use_deprecated_format);
  if (!frame) return tl::unexpected(frame.error());
  auto verdict = verdictFor(frame->schema_id, frame->message_indexes);
  if (!verdict) return tl::unexpected(verdict.error());
  if (*verdict) return tl::unexpected(**verdict);
  if (frame->payload.size() > static_cast<std::size_t>(INT_MAX) ||
      !message.ParseFromArray(frame->payload.data(), static_cast<int>(frame->payload.size()))) {
    return common::makeError(std::string(errc::kInvalidPayload),
                             "payload of " + std::to_string(frame->payload.size()) +
                                 " bytes is not a valid " + reader_.full_name() + " (schema id " +
                                 std::to_string(frame->schema_id) + ")");
  }
  return frame->schema_id;
}

common::Result<std::optional<common::Error>> ProtobufDeserializer::verdictFor(
    int schema_id, const std::vector<int>& path) {
  const std::string key = std::to_string(schema_id) + pathText(path);
  if (auto cached = verdicts_.get(key)) return *cached;
  auto verdict = computeVerdict(schema_id, path);
  // Only settled answers are remembered; registry failures may heal.
  if (verdict) verdicts_.put(key, *verdict);
  return verdict;
}

common::Result<std::optional<common::Error>> ProtobufDeserializer::computeVerdict(
    int schema_id, const std::vector<int>& path) {
  if (schema_id <= 0) return tl::unexpected(unknownSchemaId(schema_id, ""));
  auto schema = registry_->getSchemaById(schema_id, SchemaFormat::kSerialized);
  if (!schema && !schema_registry::errc::isTransient(schema.error()) &&
      !schema_registry::errc::isRegistryError(schema.error(),
                                              schema_registry::errc::kSchemaNotFound)) {
    // A registry that refuses `format=serialized` may still serve the default text form.
    schema = registry_->getSchemaById(schema_id, SchemaFormat::kDefault);
  }
  if (!schema) {
    if (schema_registry::errc::isRegistryError(schema.error(),
                                               schema_registry::errc::kSchemaNotFound)) {
      return tl::unexpected(unknownSchemaId(schema_id, ": " + schema.error().message));
    }
    return tl::unexpected(schema.error());
  }

  const ReferenceResolver resolve =
      [this](
          const schema_registry::Reference& reference) -> common::Result<schema_registry::Schema> {
    auto version = registry_->getVersion(reference.subject, reference.version,
                                         SchemaFormat::kSerialized, /*include_deleted=*/true);
    if (!version) return tl::unexpected(version.error());
    return version->schema;
  };
  auto writer = WriterSchema::build(*schema, resolve);
  if (!writer) {
    // A schema that does not build is settled; a failed reference fetch is not.
    if (writer.error().code == errc::kInvalidSchema) {
      return std::optional<common::Error>(
          common::Error{writer.error().code,
                        "schema id " + std::to_string(schema_id) + ": " + writer.error().message});
    }
    return tl::unexpected(writer.error());
  }

  const protobuf::Descriptor* written = findMessageByPath((*writer)->file(), path);
  if (written == nullptr) {
    return std::optional<common::Error>(common::Error{std::string(errc::kUnknownMessageIndex),
                                                      "schema id " + std::to_string(schema_id) +
                                                          " has no message at index path " +
                                                          pathText(path)});
  }
  if (written->full_name() != reader_.full_name()) {
    return std::optional<common::Error>(common::Error{
        std::string(errc::kWrongMessageType), "schema id " + std::to_string(schema_id) + " path " +
                                                  pathText(path) + " is " + written->full_name() +
                                                  ", expected " + reader_.full_name()});
  }
  const auto differences = compareMessages(*written, reader_);
  if (!isCompatible(differences)) {
    return std::optional<common::Error>(common::Error{
        std::string(errc::kIncompatibleSchema),
        "writer schema id " + std::to_string(schema_id) + " of " + reader_.full_name() +
            " cannot be read by the compiled type: " + describeIncompatible(differences)});
  }
  return std::optional<common::Error>();
}

}  // namespace tracker::serde
