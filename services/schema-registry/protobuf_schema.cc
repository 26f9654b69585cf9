#include "protobuf_schema.h"

#include "option_nesting.h"
#include "serde/proto_schema.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace tracker::schema_registry_service {
namespace {

namespace pb = google::protobuf;

constexpr int kMaxReferenceDepth = 32;
// Custom option values nest like messages; real ones stay within a handful of levels.
constexpr int kMaxOptionNesting = 64;
constexpr const char* kMainFileName = "default";

class PoolErrorCollector : public pb::DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name, const pb::Message*,
                ErrorLocation, const std::string& message) override {
    if (!errors_.empty()) errors_ += "; ";
    errors_ += filename + ": " + element_name + ": " + message;
  }
  const std::string& errors() const { return errors_; }

 private:
  std::string errors_;
};

// Loads what a file needs into a pool, remembering every file it built (in build order) so the
// same dependencies can be replayed into a second pool without asking the store again.
class DependencyLoader {
 public:
  DependencyLoader(pb::DescriptorPool* pool, const ReferenceResolver& resolve)
      : pool_(pool), resolve_(resolve) {}

  Result<void> loadReferences(const std::vector<Reference>& references, int depth) {
    if (depth > kMaxReferenceDepth) {
      return fail(Errc::kInvalidSchema, "references nested deeper than " +
                                            std::to_string(kMaxReferenceDepth) + " levels");
    }
    for (const Reference& reference : references) {
      if (pool_->FindFileByName(reference.name) != nullptr) continue;
      auto resolved = resolve_(reference);
      if (!resolved) return tl::unexpected(resolved.error());
      pb::FileDescriptorProto file;
      if (!file.ParseFromString(resolved->descriptor)) {
        return fail(Errc::kStoreError,
                    "stored descriptor of reference '" + reference.name + "' cannot be parsed");
      }
      if (auto loaded = loadReferences(resolved->references, depth + 1); !loaded) return loaded;
      file.set_name(reference.name);
      if (auto built = build(file); !built) return built;
    }
    return {};
  }

  // Builds `file` after making sure each import is present (built-ins from libprotobuf).
  Result<void> build(const pb::FileDescriptorProto& file) {
    for (const std::string& import : file.dependency()) {
      if (pool_->FindFileByName(import) != nullptr) continue;
      if (auto builtin = loadBuiltin(import); !builtin) return builtin;
    }
    PoolErrorCollector collector;
    if (pool_->BuildFileCollectingErrors(file, &collector) == nullptr) {
      return fail(Errc::kInvalidSchema, "invalid schema: " + collector.errors());
    }
    built_.push_back(file);
    return {};
  }

  const std::vector<pb::FileDescriptorProto>& built() const { return built_; }

 private:
  Result<void> loadBuiltin(const std::string& name) {
    const pb::FileDescriptor* generated =
        pb::DescriptorPool::generated_pool()->FindFileByName(name);
    if (generated == nullptr) {
      return fail(Errc::kInvalidSchema,
                  "No schema reference found for import '" + name +
                      "': list it in \"references\" (only google/protobuf/*.proto is built in)");
    }
    pb::FileDescriptorProto file;
    generated->CopyTo(&file);
    return build(file);
  }

  pb::DescriptorPool* pool_;
  const ReferenceResolver& resolve_;
  std::vector<pb::FileDescriptorProto> built_;
};

std::string defaultJsonName(const std::string& name) {
  std::string out;
  bool capitalize_next = false;
  for (char c : name) {
    if (c == '_') {
      capitalize_next = true;
    } else if (capitalize_next) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      capitalize_next = false;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void stripJsonNames(pb::DescriptorProto* message) {
  for (auto& field : *message->mutable_field()) {
    if (field.has_json_name() && field.json_name() == defaultJsonName(field.name())) {
      field.clear_json_name();
    }
  }
  for (auto& field : *message->mutable_extension()) {
    if (field.has_json_name() && field.json_name() == defaultJsonName(field.name())) {
      field.clear_json_name();
    }
  }
  for (auto& nested : *message->mutable_nested_type()) stripJsonNames(&nested);
}

void normalizeEnum(pb::EnumDescriptorProto* enumeration) {
  auto& values = *enumeration->mutable_value();
  // proto3 requires the first constant to be 0: sort only when that stays true.
  const bool has_negative = std::any_of(values.begin(), values.end(),
                                        [](const auto& value) { return value.number() < 0; });
  if (!has_negative) {
    std::stable_sort(values.begin(), values.end(),
                     [](const auto& a, const auto& b) { return a.number() < b.number(); });
  }
  auto& ranges = *enumeration->mutable_reserved_range();
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a.start() < b.start(); });
  auto& names = *enumeration->mutable_reserved_name();
  std::sort(names.begin(), names.end());
}

void normalizeMessage(pb::DescriptorProto* message) {
  auto& fields = *message->mutable_field();
  std::stable_sort(fields.begin(), fields.end(),
                   [](const auto& a, const auto& b) { return a.number() < b.number(); });
  // Oneofs by their lowest member tag, members already sorted with the fields.
  const int oneof_count = message->oneof_decl_size();
  if (oneof_count > 1) {
    std::vector<int> first_tag(oneof_count, INT32_MAX);
    for (const auto& field : fields) {
      if (field.has_oneof_index()) {
        first_tag[field.oneof_index()] = std::min(first_tag[field.oneof_index()], field.number());
      }
    }
    std::vector<int> order(oneof_count);
    for (int i = 0; i < oneof_count; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return first_tag[a] < first_tag[b]; });
    std::vector<int> new_index(oneof_count);
    pb::RepeatedPtrField<pb::OneofDescriptorProto> sorted;
    for (int position = 0; position < oneof_count; ++position) {
      new_index[order[position]] = position;
      *sorted.Add() = message->oneof_decl(order[position]);
    }
    message->mutable_oneof_decl()->Swap(&sorted);
    for (auto& field : fields) {
      if (field.has_oneof_index()) field.set_oneof_index(new_index[field.oneof_index()]);
    }
  }
  auto& ranges = *message->mutable_reserved_range();
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a.start() < b.start(); });
  auto& names = *message->mutable_reserved_name();
  std::sort(names.begin(), names.end());
  auto& extension_ranges = *message->mutable_extension_range();
  std::sort(extension_ranges.begin(), extension_ranges.end(),
            [](const auto& a, const auto& b) { return a.start() < b.start(); });
  for (auto& nested : *message->mutable_nested_type()) normalizeMessage(&nested);
  for (auto& enumeration : *message->mutable_enum_type()) normalizeEnum(&enumeration);
}

// Renders the canonical text. DebugString prints imports before the package; put the package
// first (as Redpanda does) so the text reads like a hand-written .proto.
std::string render(const pb::FileDescriptor& file) {
  std::string text = file.DebugString();
  if (file.package().empty()) return text;
  const std::string package_line = "package " + file.package() + ";\n";
  const std::size_t package_at = text.find(package_line);
  const std::size_t import_at = text.find("import ");
  if (package_at == std::string::npos || import_at == std::string::npos || import_at > package_at) {
    return text;
  }
  std::string without = text;
  without.erase(package_at, package_line.size());  // the blank line after it now ends the imports
  without.insert(import_at, package_line + "\n");
  return without;
}

}  // namespace

std::string ProtobufSchema::identity() const {
  std::string text = canonical_;
  for (const Reference& reference : references_) {
    text += "\n#ref " + reference.name + "\t" + reference.subject + "\t" +
            std::to_string(reference.version);
  }
  return text;
}

Result<std::shared_ptr<const ProtobufSchema>> ProtobufSchema::parse(
    std::string_view schema, std::vector<Reference> references, bool normalize,
    const ReferenceResolver& resolve) {
  auto parsed = serde::parseSchema(schema, kMainFileName);
  if (!parsed) return fail(Errc::kInvalidSchema, "Invalid schema: " + parsed.error().message);
  pb::FileDescriptorProto& submitted = *parsed;
  submitted.clear_source_code_info();
  if (auto bounded = checkOptionNesting(submitted, kMaxOptionNesting); !bounded) {
    return tl::unexpected(bounded.error());
  }

  // First pass: resolve imports and type names.
  pb::DescriptorPool first_pool;
  DependencyLoader loader(&first_pool, resolve);
  if (auto loaded = loader.loadReferences(references, 0); !loaded) {
    return tl::unexpected(loaded.error());
  }
  if (auto built = loader.build(submitted); !built) return tl::unexpected(built.error());
  const pb::FileDescriptor* resolved = first_pool.FindFileByName(kMainFileName);

  // Second pass: the canonical descriptor (fully-qualified type names, no source info, no
  // default json_name, optionally sorted) built into the pool the schema keeps.
  pb::FileDescriptorProto canonical;
  resolved->CopyTo(&canonical);
  canonical.set_name(kMainFileName);
  stripDefaultJsonNames(&canonical);
  if (normalize) normalizeFile(&canonical);

  std::shared_ptr<ProtobufSchema> result(new ProtobufSchema());
  result->pool_ = std::make_unique<pb::DescriptorPool>();
  PoolErrorCollector collector;
  const auto& dependencies = loader.built();
  for (std::size_t i = 0; i + 1 < dependencies.size(); ++i) {
    if (result->pool_->BuildFileCollectingErrors(dependencies[i], &collector) == nullptr) {
      return fail(Errc::kInvalidSchema, "invalid schema: " + collector.errors());
    }
  }
  result->file_ = result->pool_->BuildFileCollectingErrors(canonical, &collector);
  if (result->file_ == nullptr) {
    return fail(Errc::kInvalidSchema, "invalid schema: " + collector.errors());
  }
  result->canonical_ = render(*result->file_);
  canonical.SerializeToString(&result->descriptor_);
  result->references_ = std::move(references);
  return std::shared_ptr<const ProtobufSchema>(std::move(result));
}

Result<std::shared_ptr<const ProtobufSchema>> ProtobufSchema::fromDescriptor(
    std::string_view descriptor, std::vector<Reference> references,
    const ReferenceResolver& resolve) {
  pb::FileDescriptorProto file;
  if (!file.ParseFromArray(descriptor.data(), static_cast<int>(descriptor.size()))) {
    return fail(Errc::kStoreError, "stored descriptor cannot be parsed");
  }
  file.set_name(kMainFileName);
  std::shared_ptr<ProtobufSchema> result(new ProtobufSchema());
  result->pool_ = std::make_unique<pb::DescriptorPool>();
  DependencyLoader loader(result->pool_.get(), resolve);
  if (auto loaded = loader.loadReferences(references, 0); !loaded) {
    return tl::unexpected(loaded.error());
  }
  if (auto built = loader.build(file); !built) return tl::unexpected(built.error());
  result->file_ = result->pool_->FindFileByName(kMainFileName);
  result->canonical_ = render(*result->file_);
  result->descriptor_ = std::string(descriptor);
  result->references_ = std::move(references);
  return std::shared_ptr<const ProtobufSchema>(std::move(result));
}

void stripDefaultJsonNames(pb::FileDescriptorProto* file) {
  for (auto& message : *file->mutable_message_type()) stripJsonNames(&message);
  for (auto& field : *file->mutable_extension()) {
    if (field.has_json_name() && field.json_name() == defaultJsonName(field.name())) {
      field.clear_json_name();
    }
  }
}

void normalizeFile(pb::FileDescriptorProto* file) {
  // Imports sorted and de-duplicated; public/weak import indexes follow their file.
  std::set<std::string> public_imports;
  std::set<std::string> weak_imports;
  for (int index : file->public_dependency()) public_imports.insert(file->dependency(index));
  for (int index : file->weak_dependency()) weak_imports.insert(file->dependency(index));
  std::set<std::string> imports(file->dependency().begin(), file->dependency().end());
  file->clear_dependency();
  file->clear_public_dependency();
  file->clear_weak_dependency();
  for (const std::string& import : imports) {
    if (public_imports.count(import) != 0) file->add_public_dependency(file->dependency_size());
    if (weak_imports.count(import) != 0) file->add_weak_dependency(file->dependency_size());
    file->add_dependency(import);
  }
  for (auto& message : *file->mutable_message_type()) normalizeMessage(&message);
  for (auto& enumeration : *file->mutable_enum_type()) normalizeEnum(&enumeration);
}

}  // namespace tracker::schema_registry_service
