#pragma once

// Value types of the Confluent Schema Registry REST API (spec §1.3), independent of transport.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry {

/// Version number meaning "the latest version" in getVersion / testCompatibility; sent as
/// `latest` in the URL (every registry accepts that spelling; not all accept -1).
inline constexpr int kLatestVersion = -1;

/// The `schemaType` of Protobuf schemas. Registries treat a missing type as AVRO.
inline constexpr std::string_view kProtobufType = "PROTOBUF";

/// A schema's import resolved through another subject: `name` is the import path as written in
/// the importing schema (e.g. "common/money.proto"), `subject`/`version` where it is registered.
struct Reference {
  std::string name{};
  std::string subject{};
  int version = 0;

  friend bool operator==(const Reference&, const Reference&) = default;
};

/// A schema as registered: its type, its text (`.proto` source, or base64 of a serialized
/// FileDescriptorProto when fetched with SchemaFormat::kSerialized) and its references.
struct Schema {
  std::string schema_type{kProtobufType};
  std::string schema{};
  std::vector<Reference> references{};

  friend bool operator==(const Schema&, const Schema&) = default;
};

/// One version of a subject (answer of lookup and GET /subjects/{s}/versions/{v}).
struct RegisteredSchema {
  std::string subject{};
  int id = 0;
  int version = 0;
  Schema schema{};

  friend bool operator==(const RegisteredSchema&, const RegisteredSchema&) = default;
};

/// Answer of register: the global schema id, and the subject version when the registry says
/// (Confluent ≥ 7.4.1 does; older ones return only the id).
struct RegisterResult {
  int id = 0;
  std::optional<int> version{};

  friend bool operator==(const RegisterResult&, const RegisterResult&) = default;
};

/// Answer of a compatibility test. `messages` is only filled when asked for (verbose) and is free
/// text meant for humans.
struct CompatibilityResult {
  bool is_compatible = false;
  std::vector<std::string> messages{};
};

/// How the registry should render a schema it returns.
enum class SchemaFormat {
  /// As stored: `.proto` text for Protobuf.
  kDefault,
  /// `format=serialized`: base64 of a serialized FileDescriptorProto (Protobuf only).
  kSerialized,
};

}  // namespace tracker::schema_registry
