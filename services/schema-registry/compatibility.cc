#include "compatibility.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

namespace tracker::schema_registry_service {
namespace {

namespace pb = google::protobuf;

std::vector<const pb::Descriptor*> messagesOf(const pb::FileDescriptor& file) {
  std::vector<const pb::Descriptor*> out;
  for (int i = 0; i < file.message_type_count(); ++i) out.push_back(file.message_type(i));
  return out;
}

std::vector<const pb::Descriptor*> nestedMessagesOf(const pb::Descriptor& message) {
  std::vector<const pb::Descriptor*> out;
  for (int i = 0; i < message.nested_type_count(); ++i) {
    if (!message.nested_type(i)->options().map_entry()) out.push_back(message.nested_type(i));
  }
  return out;
}

class Differ {
 public:
  Differ(const pb::FileDescriptor& original, const pb::FileDescriptor& update)
      : original_file_(original), update_file_(update) {}

  std::vector<Difference> run() {
    if (original_file_.package() != update_file_.package()) {
      add(DifferenceType::kPackageChanged,
          "package '" + original_file_.package() + "' became '" + update_file_.package() + "'");
    }
    compareMessageLists(messagesOf(original_file_), messagesOf(update_file_));
    std::vector<const pb::EnumDescriptor*> original_enums;
    std::vector<const pb::EnumDescriptor*> update_enums;
    for (int i = 0; i < original_file_.enum_type_count(); ++i) {
      original_enums.push_back(original_file_.enum_type(i));
    }
    for (int i = 0; i < update_file_.enum_type_count(); ++i) {
      update_enums.push_back(update_file_.enum_type(i));
    }
    compareEnumLists(original_enums, update_enums);
    return std::move(out_);
  }

 private:
  void add(DifferenceType type, std::string description) {
    out_.push_back(Difference{type, std::move(description)});
  }

  static std::string path(const pb::Descriptor& message) { return "#/" + message.full_name(); }

  void compareMessageLists(const std::vector<const pb::Descriptor*>& original,
                           const std::vector<const pb::Descriptor*>& update) {
    std::map<std::string, std::size_t> update_index;
    for (std::size_t i = 0; i < update.size(); ++i) update_index[update[i]->name()] = i;
    std::set<std::string> original_names;
    for (std::size_t i = 0; i < original.size(); ++i) {
      original_names.insert(original[i]->name());
      const auto found = update_index.find(original[i]->name());
      if (found == update_index.end()) {
        add(DifferenceType::kMessageRemoved, path(*original[i]) + " was removed");
        continue;
      }
      if (found->second != i) {
        add(DifferenceType::kMessageMoved, path(*original[i]) + " moved from index " +
                                               std::to_string(i) + " to " +
                                               std::to_string(found->second));
      }
      compareMessage(*original[i], *update[found->second]);
    }
    for (const pb::Descriptor* message : update) {
      if (original_names.count(message->name()) == 0) {
        add(DifferenceType::kMessageAdded, path(*message) + " was added");
      }
    }
  }

  void compareEnumLists(const std::vector<const pb::EnumDescriptor*>& original,
                        const std::vector<const pb::EnumDescriptor*>& update) {
    std::map<std::string, const pb::EnumDescriptor*> update_by_name;
    for (const auto* enumeration : update) update_by_name[enumeration->name()] = enumeration;
    std::set<std::string> original_names;
    for (const auto* enumeration : original) {
      original_names.insert(enumeration->name());
      const auto found = update_by_name.find(enumeration->name());
      if (found == update_by_name.end()) {
        add(DifferenceType::kEnumRemoved, "#/" + enumeration->full_name() + " was removed");
      } else {
        compareEnum(*enumeration, *found->second);
      }
    }
    for (const auto* enumeration : update) {
      if (original_names.count(enumeration->name()) == 0) {
        add(DifferenceType::kEnumAdded, "#/" + enumeration->full_name() + " was added");
      }
    }
  }

  void compareEnum(const pb::EnumDescriptor& original, const pb::EnumDescriptor& update) {
    const std::string where = "#/" + original.full_name();
    for (int i = 0; i < original.value_count(); ++i) {
      const auto* value = original.value(i);
      const auto* other = update.FindValueByNumber(value->number());
      if (other == nullptr) {
        add(DifferenceType::kEnumConstRemoved, where + "/" + value->name() + " was removed");
      } else if (other->name() != value->name() &&
                 original.FindValueByNumber(value->number()) == value) {
        add(DifferenceType::kEnumConstChanged,
            where + "/" + value->name() + " was renamed to " + other->name());
      }
    }
    for (int i = 0; i < update.value_count(); ++i) {
      if (original.FindValueByNumber(update.value(i)->number()) == nullptr) {
        add(DifferenceType::kEnumConstAdded, where + "/" + update.value(i)->name() + " was added");
      }
    }
  }

  void compareMessage(const pb::Descriptor& original, const pb::Descriptor& update) {
    const std::string prefix = path(original) + "/";
    serde::compareFields(
        original, update,
        [this](const pb::Descriptor& original_type, const pb::Descriptor& update_type) {
          return compareNamedTypes(original_type, update_type);
        },
        [&](const serde::FieldDifference& difference) {
          add(difference.type, describe(difference, prefix + std::to_string(difference.number)));
        });
    compareOneofs(original, update);
    compareMessageLists(nestedMessagesOf(original), nestedMessagesOf(update));
    std::vector<const pb::EnumDescriptor*> original_enums;
    std::vector<const pb::EnumDescriptor*> update_enums;
    for (int i = 0; i < original.enum_type_count(); ++i) {
      original_enums.push_back(original.enum_type(i));
    }
    for (int i = 0; i < update.enum_type_count(); ++i) update_enums.push_back(update.enum_type(i));
    compareEnumLists(original_enums, update_enums);
  }

  // Whether two message types with the same local name, named by a pair of fields, are
  // compatible. Types of this file are compared by the file walk (their differences are listed
  // there, and do not make the field a FIELD_NAMED_TYPE_CHANGED); imported ones only through
  // here, each pair once.
  bool compareNamedTypes(const pb::Descriptor& original_type, const pb::Descriptor& update_type) {
    const bool imported =
        original_type.file() != &original_file_ || update_type.file() != &update_file_;
    const auto key = std::make_pair(original_type.full_name(), update_type.full_name());
    if (!imported || !visited_.insert(key).second) return true;
    std::vector<Difference> saved = std::move(out_);
    out_.clear();
    compareMessage(original_type, update_type);
    std::vector<Difference> inner = std::move(out_);
    out_ = std::move(saved);
    const bool breaks = std::any_of(inner.begin(), inner.end(), [](const Difference& d) {
      return !isCompatibleChange(d.type);
    });
    out_.insert(out_.end(), inner.begin(), inner.end());
    return !breaks;
  }

  // The text of a field difference found at `where` ("#/pkg.Msg/3").
  static std::string describe(const serde::FieldDifference& difference, const std::string& where) {
    const pb::FieldDescriptor* original = difference.original;
    const pb::FieldDescriptor* update = difference.update;
    switch (difference.type) {
      case DifferenceType::kFieldRemoved:
      case DifferenceType::kRequiredFieldRemoved:
        return where + " (" + original->name() + ") was removed";
      case DifferenceType::kFieldAdded:
      case DifferenceType::kRequiredFieldAdded:
        return where + " (" + update->name() + ") was added";
      case DifferenceType::kFieldNameChanged:
        return where + " renamed from " + original->name() + " to " + update->name();
      case DifferenceType::kFieldKindChanged:
        return "The kind of the field at path '" + where +
               "' in the new schema does not match its kind in the old schema";
      case DifferenceType::kFieldScalarKindChanged:
        return "The kind of a SCALAR field at path '" + where + "' changed from " +
               original->type_name() + " to " + update->type_name();
      case DifferenceType::kFieldNamedTypeChanged: {
        const std::string& original_type = original->message_type()->full_name();
        const std::string& update_type = update->message_type()->full_name();
        if (original_type == update_type) {
          return "The imported type " + original_type + " of the field at path '" + where +
                 "' changed incompatibly";
        }
        return "The type of the MESSAGE field at path '" + where + "' changed from " +
               original_type + " to " + update_type;
      }
      case DifferenceType::kFieldNumericLabelChanged:
      case DifferenceType::kFieldStringOrBytesLabelChanged:
        return "The label of the field at path '" + where + "' changed";
      default:  // compareFields reports field differences only.
        return where;
    }
  }

  using Members = std::set<int>;

  // Oneof rules of CSR HEAD (MessageSchemaDiff): see spec §4 and rows 20-26.
  void compareOneofs(const pb::Descriptor& original, const pb::Descriptor& update) {
    auto oneofs_of = [](const pb::Descriptor& message) {
      std::map<std::string, Members> oneofs;
      for (int i = 0; i < message.real_oneof_decl_count(); ++i) {
        const auto* oneof = message.oneof_decl(i);
        Members& members = oneofs[oneof->name()];
        for (int j = 0; j < oneof->field_count(); ++j) members.insert(oneof->field(j)->number());
      }
      return oneofs;
    };
    const auto original_oneofs = oneofs_of(original);
    const auto update_oneofs = oneofs_of(update);
    const std::string where = path(original);
    for (const auto& [name, members] : original_oneofs) {
      const auto found = update_oneofs.find(name);
      if (found != update_oneofs.end()) {
        compareKeptOneof(original, update, where + "/" + name, members, found->second);
      } else {
        compareRemovedOneof(update, where + "/" + name, members);
      }
    }
    for (const auto& [name, members] : update_oneofs) {
      if (original_oneofs.count(name) == 0)
        compareAddedOneof(original, where + "/" + name, members);
    }
  }

  // A oneof in both versions: members removed, moved out, moved in or added.
  void compareKeptOneof(const pb::Descriptor& original, const pb::Descriptor& update,
                        const std::string& where, const Members& before, const Members& after) {
    for (int tag : before) {
      if (after.count(tag) != 0) continue;
      const pb::FieldDescriptor* now = update.FindFieldByNumber(tag);
      if (now == nullptr) {
        add(DifferenceType::kOneofFieldRemoved,
            where + ": member " + std::to_string(tag) + " was removed");
      } else if (now->real_containing_oneof() == nullptr) {
        add(DifferenceType::kOneofFieldMovedToTopLevel,
            where + ": member " + std::to_string(tag) + " moved to top level");
      }
    }
    for (int tag : after) {
      if (before.count(tag) != 0) continue;
      if (original.FindFieldByNumber(tag) != nullptr) {
        add(DifferenceType::kFieldMovedToExistingOneof,
            where + ": existing field " + std::to_string(tag) + " moved into the oneof");
      } else {
        add(DifferenceType::kOneofFieldAdded,
            where + ": member " + std::to_string(tag) + " was added");
      }
    }
  }

  // A oneof only the original has; its vanished members count when some members survive.
  void compareRemovedOneof(const pb::Descriptor& update, const std::string& where,
                           const Members& members) {
    add(DifferenceType::kOneofRemoved, where + " was removed");
    std::vector<int> gone;
    bool some_survive = false;
    for (int tag : members) {
      if (update.FindFieldByNumber(tag) == nullptr) {
        gone.push_back(tag);
      } else {
        some_survive = true;
      }
    }
    if (!some_survive) return;
    for (int tag : gone) {
      add(DifferenceType::kOneofFieldRemoved,
          where + ": member " + std::to_string(tag) + " was removed");
    }
  }

  // A oneof only the update has: new members, and fields gathered into it from elsewhere.
  void compareAddedOneof(const pb::Descriptor& original, const std::string& where,
                         const Members& members) {
    add(DifferenceType::kOneofAdded, where + " was added");
    std::set<std::string> groups;
    int moved_from_top_level = 0;
    for (int tag : members) {
      const pb::FieldDescriptor* before = original.FindFieldByNumber(tag);
      if (before == nullptr) {
        add(DifferenceType::kOneofFieldAdded,
            where + ": member " + std::to_string(tag) + " was added");
        continue;
      }
      if (const auto* oneof = before->real_containing_oneof()) {
        groups.insert("oneof:" + oneof->name());
      } else {
        groups.insert("field:" + std::to_string(tag));
        ++moved_from_top_level;
      }
    }
    if (groups.size() > 1) {
      add(moved_from_top_level >= 2 ? DifferenceType::kMultipleFieldsMovedToOneof
                                    : DifferenceType::kFieldMovedToExistingOneof,
          where + ": fields from several places moved into one oneof");
    }
  }

  const pb::FileDescriptor& original_file_;
  const pb::FileDescriptor& update_file_;
  std::vector<Difference> out_;
  std::set<std::pair<std::string, std::string>> visited_;
};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<Difference> diffSchemas(const pb::FileDescriptor& original,
                                    const pb::FileDescriptor& update) {
  return Differ(original, update).run();
}

std::optional<CompatibilityLevel> parseCompatibilityLevel(std::string_view name) {
  const std::string level = upper(name);
  if (level == "NONE") return CompatibilityLevel::kNone;
  if (level == "BACKWARD") return CompatibilityLevel::kBackward;
  if (level == "BACKWARD_TRANSITIVE") return CompatibilityLevel::kBackwardTransitive;
  if (level == "FORWARD") return CompatibilityLevel::kForward;
  if (level == "FORWARD_TRANSITIVE") return CompatibilityLevel::kForwardTransitive;
  if (level == "FULL") return CompatibilityLevel::kFull;
  if (level == "FULL_TRANSITIVE") return CompatibilityLevel::kFullTransitive;
  return std::nullopt;
}

std::string_view compatibilityLevelName(CompatibilityLevel level) {
  switch (level) {
    case CompatibilityLevel::kNone:
      return "NONE";
    case CompatibilityLevel::kBackward:
      return "BACKWARD";
    case CompatibilityLevel::kBackwardTransitive:
      return "BACKWARD_TRANSITIVE";
    case CompatibilityLevel::kForward:
      return "FORWARD";
    case CompatibilityLevel::kForwardTransitive:
      return "FORWARD_TRANSITIVE";
    case CompatibilityLevel::kFull:
      return "FULL";
    case CompatibilityLevel::kFullTransitive:
      return "FULL_TRANSITIVE";
  }
  return "BACKWARD";
}

std::vector<std::string> checkCompatibility(CompatibilityLevel level,
                                            const ProtobufSchema& candidate,
                                            const std::vector<PreviousVersion>& previous) {
  std::vector<std::string> messages;
  if (level == CompatibilityLevel::kNone || previous.empty()) return messages;
  const bool transitive = level == CompatibilityLevel::kBackwardTransitive ||
                          level == CompatibilityLevel::kForwardTransitive ||
                          level == CompatibilityLevel::kFullTransitive;
  const bool backward =
      level != CompatibilityLevel::kForward && level != CompatibilityLevel::kForwardTransitive;
  const bool forward =
      level != CompatibilityLevel::kBackward && level != CompatibilityLevel::kBackwardTransitive;
  const std::size_t first = transitive ? 0 : previous.size() - 1;
  for (std::size_t i = previous.size(); i-- > first;) {
    const PreviousVersion& old = previous[i];
    std::vector<Difference> differences;
    if (backward) differences = diffSchemas(old.schema->file(), candidate.file());
    if (forward) {
      auto reverse = diffSchemas(candidate.file(), old.schema->file());
      differences.insert(differences.end(), reverse.begin(), reverse.end());
    }
    bool broken = false;
    for (const Difference& difference : differences) {
      if (isCompatibleChange(difference.type)) continue;
      broken = true;
      messages.push_back("{errorType:\"" + std::string(differenceName(difference.type)) +
                         "\", description:\"" + difference.description + "\"}");
    }
    if (broken) {
      messages.push_back("{oldSchemaVersion: " + std::to_string(old.version) + ", oldSchema: '" +
                         old.schema->canonical() + "', compatibility: '" +
                         std::string(compatibilityLevelName(level)) + "'}");
    }
  }
  return messages;
}

}  // namespace tracker::schema_registry_service
