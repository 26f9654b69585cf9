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

// compareFields for one pair of messages: the rules of FieldSchemaDiff.compareLabelsAndTypes.
class FieldComparison {
 public:
  FieldComparison(const NamedTypeComparison& compare_named_types, const FieldDifferenceSink& report)
      : compare_named_types_(compare_named_types), report_(report) {}

  void run(const Descriptor& original, const Descriptor& update) {
    std::map<int, const FieldDescriptor*> original_by_number;
    std::map<int, const FieldDescriptor*> update_by_number;
    for (int i = 0; i < original.field_count(); ++i) {
      original_by_number.emplace(original.field(i)->number(), original.field(i));
    }
    for (int i = 0; i < update.field_count(); ++i) {
      update_by_number.emplace(update.field(i)->number(), update.field(i));
    }
    for (const auto& [number, original_field] : original_by_number) {
      const auto found = update_by_number.find(number);
      if (found == update_by_number.end()) {
        report(original_field->is_required() ? DifferenceType::kRequiredFieldRemoved
                                             : DifferenceType::kFieldRemoved,
               number, original_field, nullptr);
        continue;
      }
      if (original_field->name() != found->second->name()) {
        report(DifferenceType::kFieldNameChanged, number, original_field, found->second);
      }
      compareTypes(number, *original_field, *found->second, /*compare_labels=*/true);
    }
    for (const auto& [number, update_field] : update_by_number) {
      if (original_by_number.contains(number)) continue;
      report(update_field->is_required() ? DifferenceType::kRequiredFieldAdded
                                         : DifferenceType::kFieldAdded,
             number, nullptr, update_field);
    }
  }

 private:
  void compareTypes(int number, const FieldDescriptor& original, const FieldDescriptor& update,
                    bool compare_labels) {
    const Kind kind = kindOf(original);
    if (kind != kindOf(update)) {
      report(DifferenceType::kFieldKindChanged, number, &original, &update);
      return;
    }
    switch (kind) {
      case Kind::kScalar:
        compareScalars(number, original, update, compare_labels);
        break;
      case Kind::kMessage:
        if (localName(*original.message_type()) != localName(*update.message_type()) ||
            !compare_named_types_(*original.message_type(), *update.message_type())) {
          report(DifferenceType::kFieldNamedTypeChanged, number, &original, &update);
        }
        break;
      case Kind::kMap:
        // Key and value compared like fields, labels aside (map entries have none).
        compareTypes(number, *original.message_type()->map_key(), *update.message_type()->map_key(),
                     /*compare_labels=*/false);
        compareTypes(number, *original.message_type()->map_value(),
                     *update.message_type()->map_value(), /*compare_labels=*/false);
        break;
    }
  }

  void compareScalars(int number, const FieldDescriptor& original, const FieldDescriptor& update,
                      bool compare_labels) {
    const ScalarGroup group = scalarGroupOf(original);
    if (group != scalarGroupOf(update)) {
      report(DifferenceType::kFieldScalarKindChanged, number, &original, &update);
      return;
    }
    if (!compare_labels) return;
    const auto original_label = explicitLabel(original);
    const auto update_label = explicitLabel(update);
    if (original_label && update_label && *original_label != *update_label) {
      report(group == ScalarGroup::kLengthDelimited
                 ? DifferenceType::kFieldStringOrBytesLabelChanged
                 : DifferenceType::kFieldNumericLabelChanged,
             number, &original, &update);
    }
  }

  void report(DifferenceType type, int number, const FieldDescriptor* original,
              const FieldDescriptor* update) {
    report_(FieldDifference{type, number, original, update});
  }

  const NamedTypeComparison& compare_named_types_;
  const FieldDifferenceSink& report_;
};

// compareMessages: compareFields recursively, with "#/<message>/<number>" paths.
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
    const std::string path_prefix = "#/" + original.full_name() + "/";
    compareFields(
        original, update,
        [this](const Descriptor& original_type, const Descriptor& update_type) {
          return compareMessage(original_type, update_type);
        },
        [&](const FieldDifference& difference) {
          differences_.push_back(
              Difference{difference.type, path_prefix + std::to_string(difference.number)});
        });
    for (std::size_t i = first_new; i < differences_.size(); ++i) {
      if (!isCompatibleChange(differences_[i].type)) verdict->second = false;
    }
    return verdict->second;
  }

  // (original, update) full names → compatible? Map iterators stay valid across insertions.
  std::map<std::pair<std::string, std::string>, bool> verdicts_;
  std::vector<Difference> differences_;
};

}  // namespace

std::string_view differenceName(DifferenceType type) {
  switch (type) {
    case DifferenceType::kPackageChanged:
      return "PACKAGE_CHANGED";
    case DifferenceType::kMessageAdded:
      return "MESSAGE_ADDED";
    case DifferenceType::kMessageRemoved:
      return "MESSAGE_REMOVED";
    case DifferenceType::kMessageMoved:
      return "MESSAGE_MOVED";
    case DifferenceType::kEnumAdded:
      return "ENUM_ADDED";
    case DifferenceType::kEnumRemoved:
      return "ENUM_REMOVED";
    case DifferenceType::kEnumConstAdded:
      return "ENUM_CONST_ADDED";
    case DifferenceType::kEnumConstChanged:
      return "ENUM_CONST_CHANGED";
    case DifferenceType::kEnumConstRemoved:
      return "ENUM_CONST_REMOVED";
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
    case DifferenceType::kOneofAdded:
      return "ONEOF_ADDED";
    case DifferenceType::kOneofRemoved:
      return "ONEOF_REMOVED";
    case DifferenceType::kOneofFieldAdded:
      return "ONEOF_FIELD_ADDED";
    case DifferenceType::kOneofFieldRemoved:
      return "ONEOF_FIELD_REMOVED";
    case DifferenceType::kOneofFieldMovedToTopLevel:
      return "ONEOF_FIELD_MOVED_TO_TOP_LEVEL";
    case DifferenceType::kMultipleFieldsMovedToOneof:
      return "MULTIPLE_FIELDS_MOVED_TO_ONEOF";
    case DifferenceType::kFieldMovedToExistingOneof:
      return "FIELD_MOVED_TO_EXISTING_ONEOF";
  }
  return "UNKNOWN";  // Unreachable: every enumerator is handled above.
}

bool isCompatibleChange(DifferenceType type) {
  switch (type) {
    case DifferenceType::kMessageAdded:
    case DifferenceType::kMessageMoved:
    case DifferenceType::kEnumAdded:
    case DifferenceType::kEnumRemoved:
    case DifferenceType::kEnumConstAdded:
    case DifferenceType::kEnumConstChanged:
    case DifferenceType::kEnumConstRemoved:
    case DifferenceType::kFieldAdded:
    case DifferenceType::kFieldRemoved:
    case DifferenceType::kFieldNameChanged:
    case DifferenceType::kFieldStringOrBytesLabelChanged:
    case DifferenceType::kOneofAdded:
    case DifferenceType::kOneofRemoved:
    case DifferenceType::kOneofFieldAdded:
    case DifferenceType::kOneofFieldMovedToTopLevel:
      return true;
    default:
      return false;
  }
}

void compareFields(const Descriptor& original, const Descriptor& update,
                   const NamedTypeComparison& compare_named_types,
                   const FieldDifferenceSink& report) {
  FieldComparison(compare_named_types, report).run(original, update);
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
