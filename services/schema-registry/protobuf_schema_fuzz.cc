// Fuzz target: any bytes as a submitted schema (.proto text or base64 descriptor); the first
// byte's low bit asks for normalization. A schema that parses must parse again from its own
// canonical text to the same canonical text (what the registry stores and serves).

#include "protobuf_schema.h"

#include <cstdint>
#include <string_view>

namespace {

tracker::schema_registry_service::Result<tracker::schema_registry_service::ResolvedReference>
noReferences(const tracker::schema_registry_service::Reference& reference) {
  return tracker::schema_registry_service::fail(
      tracker::schema_registry_service::Errc::kInvalidSchema, "no reference " + reference.name);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using tracker::schema_registry_service::ProtobufSchema;
  if (size == 0) return 0;
  const bool normalize = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto schema = ProtobufSchema::parse(text, {}, normalize, noReferences);
  if (!schema) return 0;
  const auto again = ProtobufSchema::parse((*schema)->canonical(), {}, normalize, noReferences);
  if (!again || (*again)->canonical() != (*schema)->canonical()) __builtin_trap();
  return 0;
}
