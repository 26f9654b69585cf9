#pragma once

// The JSON bodies of the registry REST API (spec §1.3): encoding requests, decoding answers.
// Decoders accept what Confluent, Apicurio (ccompat), Karapace and Redpanda send: unknown fields
// are ignored, and where registries disagree on a field name both spellings are read. A body that
// lacks what the caller needs fails with errc::kInvalidResponse quoting (the start of) the body.

#include "common/result.h"
#include "schema_registry/types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry {

/// Body of register, lookup and compatibility requests:
/// {"schema": ..., "schemaType": ..., "references": [{"name","subject","version"}, ...]}.
/// `schemaType` is always sent, even for AVRO, so that no registry has to guess.
std::string encodeSchemaRequest(const Schema& schema);

/// Register answer: {"id": n} plus, on newer registries, "version" and the schema entity.
common::Result<RegisterResult> decodeRegisterResponse(std::string_view body);

/// Schema entity of lookup and GET /subjects/{s}/versions/{v}: "id" is required; "subject",
/// "version" default to ""/0 when absent; a missing "schemaType" means AVRO (as in every client).
common::Result<RegisteredSchema> decodeRegisteredSchema(std::string_view body);

/// GET /schemas/ids/{id}: {"schema", "schemaType", "references"}.
common::Result<Schema> decodeSchema(std::string_view body);

/// A JSON array of strings (GET /subjects).
common::Result<std::vector<std::string>> decodeStringList(std::string_view body);

/// A JSON array of integers (GET .../versions, DELETE /subjects/{s}).
common::Result<std::vector<int>> decodeIntList(std::string_view body);

/// A bare JSON integer (DELETE /subjects/{s}/versions/{v}).
common::Result<int> decodeInt(std::string_view body);

/// {"is_compatible": bool, "messages": [...]}; non-string messages are kept as their JSON text.
common::Result<CompatibilityResult> decodeCompatibility(std::string_view body);

/// GET /config answer {"compatibilityLevel": "BACKWARD"} (also accepts "compatibility").
common::Result<std::string> decodeConfigLevel(std::string_view body);

/// PUT /config body: {"compatibility": "<level>"}.
std::string encodeConfigUpdate(std::string_view compatibility_level);

/// The registry's explanation of a failure.
struct ErrorBody {
  int error_code = 0;
  std::string message{};
};

/// {"error_code": n, "message": "..."} with a non-zero code, or nullopt when `body` is anything
/// else (an HTML error page from a proxy, empty, ...).
std::optional<ErrorBody> decodeErrorBody(std::string_view body);

}  // namespace tracker::schema_registry
