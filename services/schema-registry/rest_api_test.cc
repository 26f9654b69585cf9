// The REST boundary without sockets: requests dispatched through the router onto the rules over
// the in-memory store, checking what Confluent's clients read (status, error_code, shapes).

#include "rest_api.h"

#include "common/base64.h"
#include "testing/memory_schema_store.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::schema_registry_service {
namespace {

using http_server::Method;
using http_server::Response;
using Json = nlohmann::json;

const std::string kSchema = "syntax = \"proto3\";\npackage pkg;\nmessage M { int32 a = 1; }";

std::string submission(const std::string& schema) {
  return Json{{"schema", schema}, {"schemaType", "PROTOBUF"}}.dump();
}

class RestApiTest : public ::testing::Test {
 protected:
  Response call(Method method, const std::string& target, const std::string& body = "") {
    auto request = http_server::makeRequest(method, target, {}, body);
    EXPECT_TRUE(request) << target;
    Response response{0, "", "", {}};
    router_->dispatch(std::move(*request), [&](Response answer) { response = std::move(answer); });
    EXPECT_NE(response.status, 0) << "no answer to " << target;
    return response;
  }

  Json callJson(Method method, const std::string& target, const std::string& body = "") {
    return Json::parse(call(method, target, body).body);
  }

  // Asserts a Confluent error: HTTP status, error_code, and the message when given.
  void expectError(const Response& response, int status, int code,
                   const std::string& message = "") {
    EXPECT_EQ(response.status, status) << response.body;
    const Json body = Json::parse(response.body);
    EXPECT_EQ(body["error_code"], code) << response.body;
    if (!message.empty()) {
      EXPECT_EQ(body["message"], message);
    }
  }

  testing::MemorySchemaStore store_;
  Registry registry_{store_, 100};
  Settings settings_{store_};
  std::unique_ptr<http_server::Router> router_ = makeRestApi(registry_, settings_);
};

TEST_F(RestApiTest, FixedRoutesAndRoutingErrors) {
  const Response root = call(Method::kGet, "/");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.content_type, "application/vnd.schemaregistry.v1+json");
  EXPECT_EQ(root.body, "{}");
  EXPECT_EQ(callJson(Method::kGet, "/schemas/types"), Json::array({"PROTOBUF"}));
  EXPECT_EQ(callJson(Method::kGet, "/associations/resources/ns/name"), Json::array());
  expectError(call(Method::kGet, "/nowhere"), 404, 404, "HTTP 404 Not Found");
  expectError(call(Method::kPatch, "/subjects"), 405, 405, "HTTP 405 Method Not Allowed");
  EXPECT_EQ(store_.sessions(), 0);
}

TEST_F(RestApiTest, RegisterEchoesTheSubmittedSchemaAndReadsReturnTheCanonicalOne) {
  const std::string sent = "syntax = \"proto3\"; package pkg; message M {int32 a=1;}";
  const Json registered = callJson(Method::kPost, "/subjects/s/versions", submission(sent));
  EXPECT_EQ(registered["id"], 1);
  EXPECT_EQ(registered["version"], 1);
  EXPECT_EQ(registered["schemaType"], "PROTOBUF");
  EXPECT_EQ(registered["schema"], sent);
  EXPECT_FALSE(registered.contains("references"));

  const Json by_id = callJson(Method::kGet, "/schemas/ids/1");
  EXPECT_NE(by_id["schema"], sent);
  EXPECT_NE(by_id["schema"].get<std::string>().find("message M"), std::string::npos);
  const Json version = callJson(Method::kGet, "/subjects/s/versions/latest");
  EXPECT_EQ(version["schema"], by_id["schema"]);
  // The raw form is the text itself, not a JSON string.
  EXPECT_EQ(call(Method::kGet, "/subjects/s/versions/1/schema").body, by_id["schema"]);
  EXPECT_EQ(call(Method::kGet, "/schemas/ids/1/schema").body, by_id["schema"]);
  // format=serialized: base64 of the stored descriptor.
  const Json serialized = callJson(Method::kGet, "/schemas/ids/1?format=serialized");
  EXPECT_EQ(serialized["schema"],
            common::base64Encode(registry_.schemaById(1).value()->descriptor));

  const Json found = callJson(Method::kPost, "/subjects/s", submission(kSchema));
  EXPECT_EQ(found["version"], 1);
  EXPECT_EQ(found["subject"], "s");
}

TEST_F(RestApiTest, MalformedRequestsAreRefusedBeforeTheStore) {
  expectError(call(Method::kPost, "/subjects/s/versions", "not json"), 400, 400,
              "Request body is not a JSON object");
  expectError(call(Method::kPost, "/subjects/s/versions", "[1]"), 400, 400);
  expectError(call(Method::kPost, "/subjects/s/versions", "{}"), 422, 42201, "Empty schema");
  expectError(call(Method::kPost, "/subjects/s/versions", R"({"schema": 7})"), 422, 42201);
  const Response bad_reference = call(Method::kPost, "/subjects/s/versions",
                                      R"({"schema": "x", "references": [{"name": "a"}]})");
  expectError(bad_reference, 400, 400);
  EXPECT_TRUE(Json::parse(bad_reference.body)["message"].get<std::string>().starts_with(
      "Malformed request body: "));
  expectError(call(Method::kGet, "/subjects?deleted=maybe"), 400, 400);
  expectError(call(Method::kGet, "/schemas/ids/abc"), 404, 40403, "Schema abc not found");
  expectError(call(Method::kGet, "/schemas/ids/0"), 404, 40403, "Schema 0 not found");
  expectError(call(Method::kPut, "/config", R"({"level": "FULL"})"), 422, 42203,
              "Invalid compatibility level: \"compatibility\" is required");
  expectError(call(Method::kPut, "/mode", R"({"mode": 1})"), 422, 42204,
              "Invalid mode: \"mode\" is required");
  // Review M6: a '['-bomb is refused before a DOM is built; 64 levels are still read.
  expectError(call(Method::kPost, "/subjects/s/versions", std::string(1'000'000, '[')), 400, 400,
              "Request body nests deeper than 64 levels");
  const std::string deep_but_allowed =
      R"({"schema": 7, "x": )" + std::string(62, '[') + std::string(62, ']') + "}";
  expectError(call(Method::kPost, "/subjects/s/versions", deep_but_allowed), 422, 42201);
  EXPECT_EQ(store_.sessions(), 0);
}

TEST_F(RestApiTest, RuleErrorsKeepConfluentsCodes) {
  expectError(call(Method::kGet, "/subjects/s/versions"), 404, 40401, "Subject 's' not found.");
  expectError(call(Method::kGet, "/subjects/s/versions/x"), 422, 42202);
  ASSERT_EQ(call(Method::kPost, "/subjects/s/versions", submission(kSchema)).status, 200);
  expectError(call(Method::kGet, "/subjects/s/versions/2"), 404, 40402, "Version 2 not found.");
  expectError(call(Method::kDelete, "/subjects/s?permanent=true"), 404, 40405);
  expectError(call(Method::kGet, "/config/s"), 404, 40408);
  expectError(call(Method::kGet, "/mode/s"), 404, 40409);
  store_.setUnavailable(true);
  expectError(call(Method::kGet, "/subjects"), 500, 50001);
}

TEST_F(RestApiTest, QueryFlagsAreCaseInsensitiveAndFilter) {
  ASSERT_EQ(call(Method::kPost, "/subjects/a/versions", submission(kSchema)).status, 200);
  ASSERT_EQ(call(Method::kPost, "/subjects/b/versions", submission(kSchema)).status, 200);
  EXPECT_EQ(callJson(Method::kGet, "/subjects?subjectPrefix=b"), Json::array({"b"}));
  EXPECT_EQ(callJson(Method::kDelete, "/subjects/b/versions/1"), 1);
  EXPECT_EQ(callJson(Method::kGet, "/subjects"), Json::array({"a"}));
  EXPECT_EQ(callJson(Method::kGet, "/subjects?deleted=True"), Json::array({"a", "b"}));
  EXPECT_EQ(callJson(Method::kGet, "/schemas/ids/1/subjects?deleted=true"),
            Json::array({"a", "b"}));
  EXPECT_EQ(callJson(Method::kGet, "/schemas/ids/1/versions?deleted=true&subject=b"),
            Json::parse(R"([{"subject": "b", "version": 1}])"));
  EXPECT_EQ(callJson(Method::kGet, "/subjects/b/versions?deletedOnly=true"), Json::array({1}));
}

TEST_F(RestApiTest, CompatibilityAnswersWithMessagesOnlyWhenVerbose) {
  ASSERT_EQ(call(Method::kPost, "/subjects/s/versions", submission(kSchema)).status, 200);
  const std::string breaking =
      submission("syntax = \"proto3\"; package pkg; message M { sint32 a = 1; }");
  EXPECT_EQ(callJson(Method::kPost, "/compatibility/subjects/s/versions/latest", breaking),
            Json::parse(R"({"is_compatible": false})"));
  const Json verbose =
      callJson(Method::kPost, "/compatibility/subjects/s/versions?verbose=true", breaking);
  EXPECT_EQ(verbose["is_compatible"], false);
  EXPECT_FALSE(verbose["messages"].empty());
}

TEST_F(RestApiTest, ConfigAndModeShapes) {
  EXPECT_EQ(callJson(Method::kPut, "/config/s", R"({"compatibility": "full", "normalize": true})"),
            Json::parse(R"({"compatibility": "FULL", "normalize": true})"));
  EXPECT_EQ(callJson(Method::kGet, "/config/s"),
            Json::parse(R"({"compatibilityLevel": "FULL", "normalize": true})"));
  EXPECT_EQ(callJson(Method::kGet, "/config"),
            Json::parse(R"({"compatibilityLevel": "BACKWARD"})"));
  EXPECT_EQ(callJson(Method::kDelete, "/config/s")["compatibilityLevel"], "FULL");
  EXPECT_EQ(callJson(Method::kPut, "/mode/s", R"({"mode": "READONLY"})"),
            Json::parse(R"({"mode": "READONLY"})"));
  expectError(call(Method::kPost, "/subjects/s/versions", submission(kSchema)), 422, 42205);
  EXPECT_EQ(callJson(Method::kGet, "/mode"), Json::parse(R"({"mode": "READWRITE"})"));
  EXPECT_EQ(callJson(Method::kDelete, "/mode/s"), Json::parse(R"({"mode": "READONLY"})"));
  expectError(call(Method::kDelete, "/mode"), 405, 405);  // the global mode is never removed
}

}  // namespace
}  // namespace tracker::schema_registry_service
