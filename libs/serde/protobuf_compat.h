#pragma once

// Field-level compatibility of two Protobuf message types, following Confluent's schema diff
// (spec §4; CSR protobuf/diff/MessageSchemaDiff.java and FieldSchemaDiff.java), with Confluent's
// difference names so that a registry can reuse it for its compatibility checks.
//
// Covered: fields matched by tag number (oneof members included), added/removed (required or
// not), renamed, kind (scalar incl. enum / message / map), scalar group, named message type
// (recursively), and explicit labels. Not covered (a registry must add them): package changes,
// message/enum added/removed/moved, enum constants, and oneof restructuring
// (ONEOF_*, MULTIPLE_FIELDS_MOVED_TO_ONEOF, FIELD_MOVED_TO_EXISTING_ONEOF).

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

namespace tracker::serde {

/// Confluent's difference types that concern fields.
enum class DifferenceType {
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
};

/// Confluent's name of `type`, e.g. "FIELD_SCALAR_KIND_CHANGED".
std::string_view differenceName(DifferenceType type);

/// Whether Confluent counts `type` as a compatible change (FIELD_ADDED, FIELD_REMOVED,
/// FIELD_NAME_CHANGED, FIELD_STRING_OR_BYTES_LABEL_CHANGED).
bool isCompatibleChange(DifferenceType type);

/// One difference and where: "#/<message full name>/<field number>".
struct Difference {
  DifferenceType type;
  std::string path{};

  friend bool operator==(const Difference&, const Difference&) = default;
};

/// The differences between `original` and `update`, field by field, descending into message
/// fields whose type has the same local name (name without package) on both sides; each pair of
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
