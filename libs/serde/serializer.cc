#include "serde/serializer.h"

#include "serde/errors.h"
#include "serde/message_path.h"
#include "serde/proto_schema.h"
#include "serde/wire_format.h"

namespace tracker::serde {

namespace protobuf = google::protobuf;
using schema_registry::Reference;
using schema_registry::RegisterResult;
using schema_registry::Schema;

ProtobufSerializer::ProtobufSerializer(std::shared_ptr<schema_registry::SchemaSource> registry,
                                       const protobuf::Descriptor& descriptor,
                                       SerializerOptions options)
    : registry_(std::move(registry)),
      descriptor_(descriptor),
      options_(options),
      message_indexes_(messageIndexPath(descriptor)),
      schema_ids_(kMaxCachedSubjects) {}

common::Result<std::string> ProtobufSerializer::serialize(std::string_view topic,
                                                          const protobuf::Message& message) {
  if (message.GetDescriptor() != &descriptor_) {
    return common::makeError(std::string(errc::kWrongMessageType),
                             "serializer for " + descriptor_.full_name() + " given a " +
                                 message.GetDescriptor()->full_name());
  }
  // Checked here because SerializeToString treats missing proto2 required fields as a broken
  // invariant (a fatal CHECK in Debian's libprotobuf), while for us it is bad input.
  if (!message.IsInitialized()) {
    return common::makeError(std::string(errc::kSerializeFailed),
                             "cannot encode " + descriptor_.full_name() +
                                 ": missing required fields " +
                                 message.InitializationErrorString());
  }
  std::string payload;
  if (!message.SerializePartialToString(&payload)) {
    return common::makeError(std::string(errc::kSerializeFailed),
                             "cannot encode " + descriptor_.full_name() + " (over 2 GiB?)");
  }
  auto id = schemaId(topic);
  if (!id) return tl::unexpected(id.error());
  return encodeFrame(*id, message_indexes_, payload, options_.use_deprecated_format);
}

common::Result<int> ProtobufSerializer::schemaId(std::string_view topic) {
  const std::string subject =
      subjectName(options_.subject_name_strategy, topic, options_.is_key, descriptor_);
  if (auto cached = schema_ids_.get(subject)) return *cached;
  auto registered = resolve(*descriptor_.file(), subject, /*need_version=*/false);
  if (!registered) return tl::unexpected(registered.error());
  schema_ids_.put(subject, registered->id);
  return registered->id;
}

common::Result<RegisterResult> ProtobufSerializer::resolve(const protobuf::FileDescriptor& file,
                                                           const std::string& subject,
                                                           bool need_version) {
  auto references = resolveImports(file);
  if (!references) return tl::unexpected(references.error());
  const Schema schema{std::string(schema_registry::kProtobufType), protoTextOf(file),
                      std::move(*references)};
  if (!options_.auto_register) {
    auto found = registry_->lookupSchema(subject, schema, options_.normalize);
    if (!found) return tl::unexpected(found.error());
    return RegisterResult{found->id, found->version};
  }
  auto registered = registry_->registerSchema(subject, schema, options_.normalize);
  if (!registered || registered->version || !need_version) return registered;
  // Older registries answer register with the id only; a reference needs the version too.
  auto found = registry_->lookupSchema(subject, schema, options_.normalize);
  if (!found) return tl::unexpected(found.error());
  return RegisterResult{found->id, found->version};
}

common::Result<std::vector<Reference>> ProtobufSerializer::resolveImports(
    const protobuf::FileDescriptor& file) {
  std::vector<Reference> references;
  for (int i = 0; i < file.dependency_count(); ++i) {
    const protobuf::FileDescriptor& dependency = *file.dependency(i);
    if (isBuiltinImport(dependency.name())) continue;
    // Reference subject = the import path (Confluent's default reference strategy).
    auto registered = resolve(dependency, dependency.name(), /*need_version=*/true);
    if (!registered) return tl::unexpected(registered.error());
    references.push_back(
        Reference{dependency.name(), dependency.name(), registered->version.value_or(0)});
  }
  return references;
}

}  // namespace tracker::serde
