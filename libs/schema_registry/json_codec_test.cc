#include "schema_registry/json_codec.h"

#include "schema_registry/errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::schema_registry {
namespace {

using nlohmann::json;

TEST(JsonCodecTest, SchemaRequestAlwaysCarriesTypeAndReferences) {
  const Schema plain{"PROTOBUF", "syntax = \"proto3\";", {}};
  EXPECT_EQ(json::parse(encodeSchemaRequest(plain)),
            json::parse(R"({"schema":"syntax = \"proto3\";","schemaType":"PROTOBUF",
                           "references":[]})"));
  const Schema with_reference{"PROTOBUF", "x", {{"common/money.proto", "common/money.proto", 2}}};
  EXPECT_EQ(json::parse(encodeSchemaRequest(with_reference))["references"],
            json::parse(R"([{"name":"common/money.proto","subject":"common/money.proto",
                            "version":2}])"));
}

TEST(JsonCodecTest, RegisterResponseWithAndWithoutVersion) {
  EXPECT_EQ(decodeRegisterResponse(R"({"id": 7})").value(), (RegisterResult{7, std::nullopt}));
  EXPECT_EQ(decodeRegisterResponse(R"({"id":7,"version":3,"schemaType":"PROTOBUF","schema":"x"})")
                .value(),
            (RegisterResult{7, 3}));
}

TEST(JsonCodecTest, RegisteredSchemaEntity) {
  auto entity = decodeRegisteredSchema(
      R"({"subject":"t-value","version":2,"id":5,"schemaType":"PROTOBUF","schema":"s",
          "references":[{"name":"a.proto","subject":"a.proto","version":1}],"guid":"x"})");
  ASSERT_TRUE(entity.has_value()) << entity.error().toString();
  EXPECT_EQ(*entity, (RegisteredSchema{"t-value", 5, 2,
                                       Schema{"PROTOBUF", "s", {{"a.proto", "a.proto", 1}}}}));
}

TEST(JsonCodecTest, MissingSchemaTypeMeansAvro) {
  EXPECT_EQ(decodeSchema(R"({"schema":"{}"})").value().schema_type, "AVRO");
  EXPECT_EQ(decodeSchema(R"({"schema":"s","schemaType":"PROTOBUF","references":null})")
                .value()
                .references.size(),
            0u);
}

TEST(JsonCodecTest, WrongShapesAreInvalidResponses) {
  for (const char* body :
       {"", "not json", "[]", R"({"version":1})", R"({"id":"seven"})", R"({"id":1,"schema":5})"}) {
    auto result = decodeRegisteredSchema(body);
    ASSERT_FALSE(result.has_value()) << body;
    EXPECT_EQ(result.error().code, errc::kInvalidResponse) << body;
  }
  EXPECT_FALSE(decodeIntList(R"(["a"])").has_value());
  EXPECT_FALSE(decodeStringList(R"([1])").has_value());
  EXPECT_FALSE(decodeInt(R"("1")").has_value());
}

TEST(JsonCodecTest, ListsAndBareInt) {
  EXPECT_EQ(decodeStringList(R"(["a-value","google/protobuf/timestamp.proto"])").value(),
            (std::vector<std::string>{"a-value", "google/protobuf/timestamp.proto"}));
  EXPECT_EQ(decodeIntList("[1,2,3]").value(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(decodeInt("4").value(), 4);
}

TEST(JsonCodecTest, CompatibilityWithAndWithoutMessages) {
  auto plain = decodeCompatibility(R"({"is_compatible":true})");
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(plain->is_compatible);
  EXPECT_TRUE(plain->messages.empty());
  auto verbose = decodeCompatibility(
      R"({"is_compatible":false,"messages":["{errorType:\"FIELD_KIND_CHANGED\"}",{"a":1}]})");
  ASSERT_TRUE(verbose.has_value());
  EXPECT_FALSE(verbose->is_compatible);
  EXPECT_EQ(verbose->messages,
            (std::vector<std::string>{"{errorType:\"FIELD_KIND_CHANGED\"}", R"({"a":1})"}));
}

TEST(JsonCodecTest, ConfigReadsBothSpellings) {
  EXPECT_EQ(decodeConfigLevel(R"({"compatibilityLevel":"BACKWARD"})").value(), "BACKWARD");
  EXPECT_EQ(decodeConfigLevel(R"({"compatibility":"FULL"})").value(), "FULL");
  EXPECT_FALSE(decodeConfigLevel(R"({"mode":"READWRITE"})").has_value());
  EXPECT_EQ(json::parse(encodeConfigUpdate("FULL_TRANSITIVE")),
            json::parse(R"({"compatibility":"FULL_TRANSITIVE"})"));
}

TEST(JsonCodecTest, ErrorBody) {
  auto error = decodeErrorBody(R"({"error_code":40901,"message":"incompatible"})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->error_code, 40901);
  EXPECT_EQ(error->message, "incompatible");
  EXPECT_EQ(decodeErrorBody(R"({"error_code":404,"message":"HTTP 404 Not Found"})")->error_code,
            404);
  EXPECT_FALSE(decodeErrorBody(R"({"error_code":0,"message":"x"})").has_value());
  EXPECT_FALSE(decodeErrorBody("<html>Bad gateway</html>").has_value());
  EXPECT_FALSE(decodeErrorBody("").has_value());
}

}  // namespace
}  // namespace tracker::schema_registry
