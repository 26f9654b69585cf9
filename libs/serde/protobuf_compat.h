#pragma once

// Field-level compatibility of two Protobuf message types, following Confluent's schema diff
// (spec §4; CSR protobuf/diff/MessageSchemaDiff.java and FieldSchemaDiff.java), with Confluent's
// difference names. The one implementation of the field rules: the deserializer runs it through
// compareMessages, the schema registry (services/schema-registry/compatibility.cc) through
// compareFields inside its whole-file diff.
//
// Covered: fields matched by tag number (oneof members included), added/removed (required or
// not), renamed, kind (scalar incl. enum / message / map), scalar group, named message type
// (recursively), and explicit labels. Not covered (the registry's file diff adds them): package
// changes, message/enum added/removed/moved, enum constants, and oneof restructuring
// (ONEOF_*, MULTIPLE_FIELDS_MOVED_TO_ONEOF, FIELD_MOVED_TO_EXISTING_ONEOF).

#include <google/protobuf/descriptor.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::serde {

/// Confluent's difference types (CSR Difference.Type). compareFields / compareMessages report the
/// field ones (kFieldAdded ... kRequiredFieldRemoved); the others are a whole-file diff's.
enum class DifferenceType {
  kPackageChanged,
  kMessageAdded,
  kMessageRemoved,
  kMessageMoved,
  kEnumAdded,
  kEnumRemoved,
  kEnumConstAdded,
  kEnumConstChanged,
  kEnumConstRemoved,
  kFieldAdded,
  kFieldRemoved,
  kFieldNameChanged,
  kFieldKindChanged,
  kFieldScalarKindChanged,
  kFieldNamedTypeChanged,
  kFieldNumericLabelChanged,
  kFieldStringOrBytesLabelChanged,
  kRequiredFieldAdded,
  kRequiredFieldRemoved,
  kOneofAdded,
  kOneofRemoved,
  kOneofFieldAdded,
  kOneofFieldRemoved,
  kOneofFieldMovedToTopLevel,
  kMultipleFieldsMovedToOneof,
  kFieldMovedToExistingOneof,
};

/// Confluent's name of `type`, e.g. "FIELD_SCALAR_KIND_CHANGED".
std::string_view differenceName(DifferenceType type);

/// Whether Confluent counts `type` as a compatible change, i.e. a reader of the update can read
/// data written with the original: FIELD_ADDED, FIELD_REMOVED, FIELD_NAME_CHANGED,
/// FIELD_STRING_OR_BYTES_LABEL_CHANGED, MESSAGE_ADDED, MESSAGE_MOVED, ENUM_*, ONEOF_ADDED,
/// ONEOF_REMOVED, ONEOF_FIELD_ADDED, ONEOF_FIELD_MOVED_TO_TOP_LEVEL.
bool isCompatibleChange(DifferenceType type);

/// One field-level difference as compareFields finds it.
struct FieldDifference {
  DifferenceType type;
  /// The tag of the field concerned in the two messages compared.
  int number = 0;
  /// The fields whose comparison found it: the two fields with that tag, or, under a map field,
  /// its entries' key or value fields. Null on the side that lacks the field (added / removed).
  const google::protobuf::FieldDescriptor* original = nullptr;
  const google::protobuf::FieldDescriptor* update = nullptr;
};

/// Whether two message types that a pair of fields (or map values) names compatibly — same name
/// relative to their packages — are compatible; false makes it FIELD_NAMED_TYPE_CHANGED.
using NamedTypeComparison = std::function<bool(const google::protobuf::Descriptor& original,
                                               const google::protobuf::Descriptor& update)>;

/// Receives each difference compareFields finds, as it finds it.
using FieldDifferenceSink = std::function<void(const FieldDifference&)>;

/// The field rules, one level deep: fields of `original` and `update` matched by tag, in tag
/// order, removed ones and changed ones first, then added ones. Per pair: name, then kind; same
/// kind: scalar group, and when that matches too the explicit labels (Wire's: proto3 fields
/// without `optional` and oneof members have none; map keys and values are compared without
/// labels); message-typed fields and map values: the type's name relative to its package, and
/// when that matches `compare_named_types` decides.
void compareFields(const google::protobuf::Descriptor& original,
                   const google::protobuf::Descriptor& update,
                   const NamedTypeComparison& compare_named_types,
                   const FieldDifferenceSink& report);

/// One difference and where: "#/<message full name>/<field number>".
struct Difference {
  DifferenceType type;
  std::string path{};

  friend bool operator==(const Difference&, const Difference&) = default;
};

/// The differences between `original` and `update`: compareFields, descending into message
/// fields whose type has the same local name (name without package) on both sides (a nested
/// type's differences are listed before the FIELD_NAMED_TYPE_CHANGED they cause); each pair of
/// types is compared once, so recursive types terminate. When `update` reads data written with
/// `original` (reader = update), an empty list of incompatible differences means every field the
/// writer can send is read with the same meaning.
std::vector<Difference> compareMessages(const google::protobuf::Descriptor& original,
                                        const google::protobuf::Descriptor& update);

/// True when no difference in `differences` is incompatible.
bool isCompatible(const std::vector<Difference>& differences);

/// "FIELD_KIND_CHANGED at #/pkg.A/2; ..." for the incompatible differences only.
std::string describeIncompatible(const std::vector<Difference>& differences);

}  // namespace tracker::serde
