#include "serde/protobuf_compat.h"

#include <map>
#include <optional>
#include <utility>

namespace tracker::serde {
namespace {

namespace protobuf = google::protobuf;
using protobuf::Descriptor;
using protobuf::FieldDescriptor;

enum class Kind { kScalar, kMessage, kMap };

// Types whose encodings read each other without loss of meaning (spec §4 scalar groups).
enum class ScalarGroup { kVarint, kZigZag, kLengthDelimited, kFixed32, kFixed64, kFloat, kDouble };

Kind kindOf(const FieldDescriptor& field) {
  if (field.is_map()) return Kind::kMap;
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) return Kind::kMessage;
  return Kind::kScalar;  // Enums count as scalars.
}

ScalarGroup scalarGroupOf(const FieldDescriptor& field) {
  switch (field.type()) {
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SINT64:
      return ScalarGroup::kZigZag;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
      return ScalarGroup::kLengthDelimited;
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
      return ScalarGroup::kFixed32;
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
      return ScalarGroup::kFixed64;
    case FieldDescriptor::TYPE_FLOAT:
      return ScalarGroup::kFloat;
    case FieldDescriptor::TYPE_DOUBLE:
      return ScalarGroup::kDouble;
    default:  // int32, int64, uint32, uint64, bool, enum.
      return ScalarGroup::kVarint;
  }
}

// The label as written in the source, or nullopt when the field has none: proto3 singular fields
// without `optional`, and oneof members (Wire, which Confluent's diff runs on, reports no label
// for either).
std::optional<FieldDescriptor::Label> explicitLabel(const FieldDescriptor& field) {
  if (field.is_repeated()) return FieldDescriptor::LABEL_REPEATED;
  if (field.is_required()) return FieldDescriptor::LABEL_REQUIRED;
  if (field.real_containing_oneof() != nullptr) return std::nullopt;
  if (field.file()->syntax() == protobuf::FileDescriptor::SYNTAX_PROTO2 ||
      field.has_optional_keyword()) {
    return FieldDescriptor::LABEL_OPTIONAL;
  }
  return std::nullopt;
}

// A type's name relative to its file's package: "pkg.Outer.Inner" → "Outer.Inner".
std::string_view localName(const Descriptor& type) {
  std::string_view name = type.full_name();
  const std::string& package = type.file()->package();
  if (!package.empty() && name.size() > package.size() && name.starts_with(package) &&
      name[package.size()] == '.') {
    name.remove_prefix(package.size() + 1);
  }
  return name;
}

class Comparison {
 public:
  std::vector<Difference> run(const Descriptor& original, const Descriptor& update) {
    compareMessage(original, update);
    return std::move(differences_);
  }

 private:
  // Returns whether the pair is compatible (only its own new differences count).
  bool compareMessage(const Descriptor& original, const Descriptor& update) {
    // Each pair once: recursive types terminate, and a shared type's differences are reported
    // once. A pair still under comparison (recursion) counts as compatible meanwhile; its own
    // differences are reported where it was first entered.
    const auto [verdict, first_visit] =
        verdicts_.emplace(std::make_pair(original.full_name(), update.full_name()), true);
    if (!first_visit) return verdict->second;
    const std::size_t first_new = differences_.size();

    std::map<int, const FieldDescriptor*> original_by_number;
    std::map<int, const FieldDescriptor*> update_by_number;
    for (int i = 0; i < original.field_count(); ++i) {
      original_by_number.emplace(original.field(i)->number(), original.field(i));
    }
    for (int i = 0; i < update.field_count(); ++i) {
      update_by_number.emplace(update.field(i)->number(), update.field(i));
    }
    for (const auto& [number, original_field] : original_by_number) {
      const std::string path = "#/" + original.full_name() + "/" + std::to_string(number);
      const auto found = update_by_number.find(number);
      if (found == update_by_number.end()) {
        add(original_field->is_required() ? DifferenceType::kRequiredFieldRemoved
                                          : DifferenceType::kFieldRemoved,
            path);
      } else {
        compareField(*original_field, *found->second, path);
      }
    }
    for (const auto& [number, update_field] : update_by_number) {
      if (original_by_number.contains(number)) continue;
      add(update_field->is_required() ? DifferenceType::kRequiredFieldAdded
                                      : DifferenceType::kFieldAdded,
          "#/" + original.full_name() + "/" + std::to_string(number));
    }

    for (std::size_t i = first_new; i < differences_.size(); ++i) {
      if (!isCompatibleChange(differences_[i].type)) verdict->second = false;
    }
    return verdict->second;
  }

  void compareField(const FieldDescriptor& original, const FieldDescriptor& update,
                    const std::string& path) {
    if (original.name() != update.name()) add(DifferenceType::kFieldNameChanged, path);
    compareTypes(original, update, path, /*compare_labels=*/true);
  }

  void compareTypes(const FieldDescriptor& original, const FieldDescriptor& update,
                    const std::string& path, bool compare_labels) {
    const Kind kind = kindOf(original);
    if (kind != kindOf(update)) {
      add(DifferenceType::kFieldKindChanged, path);
      return;
    }
    switch (kind) {
      case Kind::kScalar:
        compareScalars(original, update, path, compare_labels);
        break;
      case Kind::kMessage:
        compareMessageTypes(*original.message_type(), *update.message_type(), path);
        break;
      case Kind::kMap:
        // Key and value compared like fields, labels aside (map entries have none).
        compareTypes(*original.message_type()->map_key(), *update.message_type()->map_key(), path,
                     false);
        compareTypes(*original.message_type()->map_value(), *update.message_type()->map_value(),
                     path, false);
        break;
    }
  }

  void compareScalars(const FieldDescriptor& original, const FieldDescriptor& update,
                      const std::string& path, bool compare_labels) {
    const ScalarGroup group = scalarGroupOf(original);
    if (group != scalarGroupOf(update)) {
      add(DifferenceType::kFieldScalarKindChanged, path);
      return;
    }
    if (!compare_labels) return;
    const auto original_label = explicitLabel(original);
    const auto update_label = explicitLabel(update);
    if (original_label && update_label && *original_label != *update_label) {
      add(group == ScalarGroup::kLengthDelimited ? DifferenceType::kFieldStringOrBytesLabelChanged
                                                 : DifferenceType::kFieldNumericLabelChanged,
          path);
    }
  }

  void compareMessageTypes(const Descriptor& original, const Descriptor& update,
                           const std::string& path) {
    if (localName(original) != localName(update)) {
      add(DifferenceType::kFieldNamedTypeChanged, path);
    } else if (!compareMessage(original, update)) {
      add(DifferenceType::kFieldNamedTypeChanged, path);
    }
  }

  void add(DifferenceType type, std::string path) {
    differences_.push_back(Difference{type, std::move(path)});
  }

  // (original, update) full names → compatible? Map iterators stay valid across insertions.
  std::map<std::pair<std::string, std::string>, bool> verdicts_;
  std::vector<Difference> differences_;
};

}  // namespace

std::string_view differenceName(DifferenceType type) {
  switch (type) {
    case DifferenceType::kFieldAdded:
      return "FIELD_ADDED";
    case DifferenceType::kFieldRemoved:
      return "FIELD_REMOVED";
    case DifferenceType::kFieldNameChanged:
      return "FIELD_NAME_CHANGED";
    case DifferenceType::kFieldKindChanged:
      return "FIELD_KIND_CHANGED";
    case DifferenceType::kFieldScalarKindChanged:
      return "FIELD_SCALAR_KIND_CHANGED";
    case DifferenceType::kFieldNamedTypeChanged:
      return "FIELD_NAMED_TYPE_CHANGED";
    case DifferenceType::kFieldNumericLabelChanged:
      return "FIELD_NUMERIC_LABEL_CHANGED";
    case DifferenceType::kFieldStringOrBytesLabelChanged:
      return "FIELD_STRING_OR_BYTES_LABEL_CHANGED";
    case DifferenceType::kRequiredFieldAdded:
      return "REQUIRED_FIELD_ADDED";
    case DifferenceType::kRequiredFieldRemoved:
      return "REQUIRED_FIELD_REMOVED";
  }
  return "UNKNOWN";  // Unreachable: every enumerator is handled above.
}

bool isCompatibleChange(DifferenceType type) {
  switch (type) {
    case DifferenceType::kFieldAdded:
    case DifferenceType::kFieldRemoved:
    case DifferenceType::kFieldNameChanged:
    case DifferenceType::kFieldStringOrBytesLabelChanged:
      return true;
    default:
      return false;
  }
}

std::vector<Difference> compareMessages(const Descriptor& original, const Descriptor& update) {
  return Comparison().run(original, update);
}

bool isCompatible(const std::vector<Difference>& differences) {
  for (const Difference& difference : differences) {
    if (!isCompatibleChange(difference.type)) return false;
  }
  return true;
}

std::string describeIncompatible(const std::vector<Difference>& differences) {
  std::string text;
  for (const Difference& difference : differences) {
    if (isCompatibleChange(difference.type)) continue;
    if (!text.empty()) text += "; ";
    text += std::string(differenceName(difference.type)) + " at " + difference.path;
  }
  return text;
}

}  // namespace tracker::serde
