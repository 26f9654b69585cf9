#include "serde/writer_schema.h"

#include "serde/errors.h"
#include "serde/proto_schema.h"

#include <map>
#include <set>
#include <string>

namespace tracker::serde {
namespace {

namespace protobuf = google::protobuf;
using schema_registry::Reference;

// The name the schema itself gets in its pool when it has none (text has no file name); chosen so
// that it cannot collide with a real import path.
constexpr std::string_view kDefaultFileName = "__registry_schema__.proto";

class FirstBuildError final : public protobuf::DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const protobuf::Message* /*descriptor*/, ErrorLocation /*location*/,
                const std::string& message) override {
    if (first_error_.empty()) first_error_ = filename + ": " + element_name + ": " + message;
  }

  const std::string& firstError() const { return first_error_; }

 private:
  std::string first_error_;
};

tl::unexpected<common::Error> invalidSchema(std::string message) {
  return common::makeError(std::string(errc::kInvalidSchema), std::move(message));
}

// Builds files into one pool, dependencies first.
class PoolBuilder {
 public:
  PoolBuilder(protobuf::DescriptorPool& pool, const ReferenceResolver& resolve)
      : pool_(pool), resolve_(resolve) {}

  // Builds `proto` after its imports; `references` tell where non-builtin imports live.
  common::Result<const protobuf::FileDescriptor*> build(const protobuf::FileDescriptorProto& proto,
                                                        const std::vector<Reference>& references) {
    if (++files_built_ > WriterSchema::kMaxFiles) {
      return invalidSchema("schema imports more than " + std::to_string(WriterSchema::kMaxFiles) +
                           " files");
    }
    if (!in_progress_.insert(proto.name()).second) {
      return invalidSchema("import cycle through " + proto.name());
    }
    std::map<std::string, Reference, std::less<>> by_name;
    for (const Reference& reference : references) by_name.emplace(reference.name, reference);
    for (const std::string& dependency : proto.dependency()) {
      if (pool_.FindFileByName(dependency) != nullptr) continue;
      const auto found = by_name.find(dependency);
      auto built =
          found != by_name.end() ? buildReference(found->second) : buildCompiledIn(dependency);
      if (!built) return built;
    }
    FirstBuildError errors;
    const protobuf::FileDescriptor* file = pool_.BuildFileCollectingErrors(proto, &errors);
    in_progress_.erase(proto.name());
    if (file == nullptr) return invalidSchema("schema does not build: " + errors.firstError());
    return file;
  }

 private:
  common::Result<const protobuf::FileDescriptor*> buildReference(const Reference& reference) {
    auto schema = resolve_(reference);
    if (!schema) return tl::unexpected(schema.error());
    auto proto = parseSchema(schema->schema, reference.name);
    if (!proto) return tl::unexpected(proto.error());
    return build(*proto, schema->references);
  }

  common::Result<const protobuf::FileDescriptor*> buildCompiledIn(const std::string& name) {
    const protobuf::FileDescriptor* compiled =
        protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    if (compiled == nullptr) {
      return invalidSchema(
          "import \"" + name +
          "\" is neither a reference of the schema nor compiled into this program");
    }
    protobuf::FileDescriptorProto proto;
    compiled->CopyTo(&proto);
    return build(proto, {});
  }

  protobuf::DescriptorPool& pool_;
  const ReferenceResolver& resolve_;
  std::set<std::string, std::less<>> in_progress_;
  int files_built_ = 0;
};

}  // namespace

common::Result<std::unique_ptr<WriterSchema>> WriterSchema::build(
    const schema_registry::Schema& schema, const ReferenceResolver& resolve) {
  auto proto = parseSchema(schema.schema, kDefaultFileName);
  if (!proto) {
    // Registries that omit schemaType make clients read AVRO (json_codec.h), so the type alone
    // does not decide; it only explains why a schema does not parse.
    if (schema.schema_type != schema_registry::kProtobufType) {
      return invalidSchema("schema type is " + schema.schema_type + ", not PROTOBUF");
    }
    return tl::unexpected(proto.error());
  }
  std::unique_ptr<WriterSchema> writer(new WriterSchema());
  PoolBuilder builder(writer->pool_, resolve);
  auto file = builder.build(*proto, schema.references);
  if (!file) return tl::unexpected(file.error());
  writer->file_ = *file;
  return writer;
}

}  // namespace tracker::serde
