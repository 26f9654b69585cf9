#pragma once

// Confluent's Protobuf compatibility rules (spec §4): a difference list between an original and
// an updated schema (CSR protobuf/diff/*), and the levels built on it. The file walk (package,
// messages, enums, oneofs) is here; the per-field rules are libs/serde's compareFields.

#include "protobuf_schema.h"
#include "serde/protobuf_compat.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry_service {

// Confluent's difference types, their names and which are compatible: one table, shared with the
// deserializer's field rules (libs/serde/protobuf_compat.h).
using serde::differenceName;
using serde::DifferenceType;
using serde::isCompatibleChange;

struct Difference {
  DifferenceType type;
  /// Where: "#/pkg.Msg/3" style path plus a short explanation.
  std::string description;
};

/// Every difference between `original` and `update` (CSR SchemaDiff.compare(original, update)).
std::vector<Difference> diffSchemas(const google::protobuf::FileDescriptor& original,
                                    const google::protobuf::FileDescriptor& update);

enum class CompatibilityLevel {
  kNone,
  kBackward,
  kBackwardTransitive,
  kForward,
  kForwardTransitive,
  kFull,
  kFullTransitive,
};

/// Case-insensitive parse of a level name; nullopt if unknown.
std::optional<CompatibilityLevel> parseCompatibilityLevel(std::string_view name);

std::string_view compatibilityLevelName(CompatibilityLevel level);

/// One earlier version to check against.
struct PreviousVersion {
  int version = 0;
  const ProtobufSchema* schema = nullptr;
};

/// Checks `candidate` against `previous` (oldest first, non-deleted only) under `level`.
/// Non-transitive levels look at the last entry only. Returns the human-readable messages of
/// the violations; empty means compatible.
std::vector<std::string> checkCompatibility(CompatibilityLevel level,
                                            const ProtobufSchema& candidate,
                                            const std::vector<PreviousVersion>& previous);

}  // namespace tracker::schema_registry_service
