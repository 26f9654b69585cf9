// The registry client against a scripted loopback HTTP server: request shapes (paths, encoding,
// headers, bodies), answer decoding, error mapping, retries and caches. Hermetic: no registry.

#include "schema_registry/client.h"

#include "http/testing/scripted_server.h"
#include "schema_registry/errors.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>

namespace tracker::schema_registry {
namespace {

using http::testing::RecordedRequest;
using http::testing::ScriptedResponse;
using http::testing::ScriptedServer;
using nlohmann::json;
using std::chrono::milliseconds;

const Schema kSchema{"PROTOBUF", "syntax = \"proto3\"; message A { int32 x = 1; }", {}};

ScriptedResponse ok(std::string body) { return ScriptedResponse{.status = 200, .body = body}; }

ScriptedResponse registryError(int status, int error_code, std::string message) {
  return ScriptedResponse{.status = status,
                          .body = json{{"error_code", error_code}, {"message", message}}.dump(),
                          .headers = {{"Content-Type", "application/vnd.schemaregistry.v1+json"}}};
}

// Answers by "METHOD target"; anything else is a Confluent-shaped 404.
ScriptedServer::Handler routes(std::map<std::string, ScriptedResponse> table) {
  return [table = std::move(table)](const RecordedRequest& request) {
    const auto found = table.find(request.method + " " + request.target);
    if (found != table.end()) return found->second;
    return registryError(404, 404, "HTTP 404 Not Found");
  };
}

struct Harness {
  explicit Harness(ScriptedServer::Handler handler, std::string prefix = "")
      : server(std::move(handler)) {
    ClientOptions options;
    options.base_url = server.baseUrl() + prefix;
    options.retry = {.max_attempts = 3,
                     .initial_delay = milliseconds(10),
                     .max_delay = milliseconds(40),
                     .multiplier = 2.0,
                     .jitter = 0.0};
    options.sleep = [this](milliseconds delay) { sleeps.push_back(delay); };
    auto created = Client::create(std::move(options));
    EXPECT_TRUE(created.has_value()) << created.error().toString();
    client = std::move(*created);
  }

  ScriptedServer server;
  std::vector<milliseconds> sleeps;
  std::unique_ptr<Client> client;
};

TEST(RegistryClientTest, RegisterSendsTheDocumentedRequestAndCaches) {
  Harness harness(
      routes({{"POST /subjects/events-value/versions", ok(R"({"id":7,"version":2})")}}));
  auto result = harness.client->registerSchema("events-value", kSchema, false);
  ASSERT_TRUE(result.has_value()) << result.error().toString();
  EXPECT_EQ(*result, (RegisterResult{7, 2}));
  // Served from the cache: no second request.
  EXPECT_EQ(harness.client->registerSchema("events-value", kSchema, false).value().id, 7);

  const auto requests = harness.server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(http::findHeader(requests[0].headers, "Content-Type"),
            "application/vnd.schemaregistry.v1+json");
  EXPECT_EQ(http::findHeader(requests[0].headers, "Accept"),
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
            "application/json");
  EXPECT_EQ(json::parse(requests[0].body), json({{"schema", kSchema.schema},
                                                 {"schemaType", "PROTOBUF"},
                                                 {"references", json::array()}}));
}

TEST(RegistryClientTest, SubjectIsOneEncodedSegmentUnderThePathPrefix) {
  Harness harness(
      routes({{"POST /apis/ccompat/v7/subjects/google%2Fprotobuf%2Ftimestamp.proto/versions"
               "?normalize=true",
               ok(R"({"id":1})")}}),
      "/apis/ccompat/v7/");
  auto result = harness.client->registerSchema("google/protobuf/timestamp.proto", kSchema, true);
  ASSERT_TRUE(result.has_value()) << result.error().toString();
  EXPECT_EQ(*result, (RegisterResult{1, std::nullopt}));
}

TEST(RegistryClientTest, LookupDecodesTheEntityAndMapsNotFound) {
  Harness harness(routes(
      {{"POST /subjects/a-value",
        ok(R"({"subject":"a-value","id":3,"version":1,"schemaType":"PROTOBUF","schema":"s"})")},
       {"POST /subjects/b-value", registryError(404, 40403, "Schema not found")}}));
  auto found = harness.client->lookupSchema("a-value", kSchema, false);
  ASSERT_TRUE(found.has_value()) << found.error().toString();
  EXPECT_EQ(*found, (RegisteredSchema{"a-value", 3, 1, Schema{"PROTOBUF", "s", {}}}));

  auto missing = harness.client->lookupSchema("b-value", kSchema, false);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "schema_registry.40403");
  EXPECT_NE(missing.error().message.find("Schema not found"), std::string::npos);
  EXPECT_NE(missing.error().message.find("HTTP 404"), std::string::npos);
  EXPECT_TRUE(harness.sleeps.empty());  // 4xx is final: no retry.
}

TEST(RegistryClientTest, IncompatibleRegistrationIsNotRetried) {
  Harness harness(routes({{"POST /subjects/a-value/versions",
                           registryError(409, 40901, "Schema being registered is incompatible")}}));
  auto result = harness.client->registerSchema("a-value", kSchema, false);
  ASSERT_FALSE(result.has_value());
  EXPECT_TRUE(errc::isRegistryError(result.error(), errc::kIncompatibleSchema));
  EXPECT_EQ(harness.server.requests().size(), 1u);
}

TEST(RegistryClientTest, TransientStatusesAreRetriedWithBackoff) {
  std::atomic<int> calls{0};
  Harness harness([&calls](const RecordedRequest&) {
    const int call = ++calls;
    if (call == 1) return ScriptedResponse{.status = 503, .body = "<html>unavailable</html>"};
    if (call == 2) return registryError(429, 429, "slow down");
    return ok(R"({"schema":"s","schemaType":"PROTOBUF"})");
  });
  auto result = harness.client->getSchemaById(5, SchemaFormat::kDefault);
  ASSERT_TRUE(result.has_value()) << result.error().toString();
  EXPECT_EQ(result->schema, "s");
  EXPECT_EQ(harness.server.requests().size(), 3u);
  EXPECT_EQ(harness.sleeps, (std::vector<milliseconds>{milliseconds(10), milliseconds(20)}));
}

TEST(RegistryClientTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  Harness harness([](const RecordedRequest&) {
    return ScriptedResponse{.status = 502, .body = "<html>bad gateway</html>"};
  });
  auto result = harness.client->listSubjects(false);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "schema_registry.http_502");
  EXPECT_TRUE(errc::isTransient(result.error()));
  EXPECT_EQ(harness.server.requests().size(), 3u);
  EXPECT_EQ(harness.sleeps.size(), 2u);
}

TEST(RegistryClientTest, UnreachableRegistryIsATransportError) {
  // A loopback port nobody listens on: bound, then closed.
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(socket);

  std::vector<milliseconds> sleeps;
  ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  options.retry.max_attempts = 2;
  options.sleep = [&sleeps](milliseconds delay) { sleeps.push_back(delay); };
  auto client = Client::create(std::move(options));
  ASSERT_TRUE(client.has_value());
  auto result = (*client)->getSchemaById(1, SchemaFormat::kDefault);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, errc::kTransport);
  EXPECT_TRUE(errc::isTransient(result.error()));
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST(RegistryClientTest, SchemaByIdAsksForTheFormatAndCachesPerFormat) {
  Harness harness(
      routes({{"GET /schemas/ids/9", ok(R"({"schema":"text","schemaType":"PROTOBUF"})")},
              {"GET /schemas/ids/9?format=serialized",
               ok(R"({"schema":"base64","schemaType":"PROTOBUF"})")},
              {"GET /schemas/ids/10", registryError(404, 40403, "Schema 10 not found")}}));
  EXPECT_EQ(harness.client->getSchemaById(9, SchemaFormat::kDefault).value().schema, "text");
  EXPECT_EQ(harness.client->getSchemaById(9, SchemaFormat::kSerialized).value().schema, "base64");
  EXPECT_EQ(harness.client->getSchemaById(9, SchemaFormat::kSerialized).value().schema, "base64");
  EXPECT_EQ(harness.server.requests().size(), 2u);
  EXPECT_TRUE(errc::isRegistryError(
      harness.client->getSchemaById(10, SchemaFormat::kDefault).error(), errc::kSchemaNotFound));
}

TEST(RegistryClientTest, GetVersionSpellsLatestAndDeleted) {
  Harness harness(
      routes({{"GET /subjects/a%2Fb.proto/versions/latest?format=serialized&deleted=true",
               ok(R"({"subject":"a/b.proto","id":4,"version":2,"schema":"x",
                                  "schemaType":"PROTOBUF"})")}}));
  auto result =
      harness.client->getVersion("a/b.proto", kLatestVersion, SchemaFormat::kSerialized, true);
  ASSERT_TRUE(result.has_value()) << result.error().toString();
  EXPECT_EQ(result->version, 2);
  EXPECT_EQ(result->id, 4);
}

TEST(RegistryClientTest, ListsSubjectsAndVersions) {
  Harness harness(routes({{"GET /subjects?deleted=true", ok(R"(["a-value","b-key"])")},
                          {"GET /subjects/a-value/versions", ok("[1,2]")},
                          {"GET /subjects/zz/versions", registryError(404, 40401, "no subject")}}));
  EXPECT_EQ(harness.client->listSubjects(true).value(),
            (std::vector<std::string>{"a-value", "b-key"}));
  EXPECT_EQ(harness.client->listVersions("a-value", false).value(), (std::vector<int>{1, 2}));
  EXPECT_EQ(harness.client->listVersions("zz", false).error().code, "schema_registry.40401");
}

TEST(RegistryClientTest, CompatibilityTest) {
  Harness harness(routes(
      {{"POST /compatibility/subjects/a-value/versions/latest?verbose=true",
        ok(R"({"is_compatible":false,"messages":["FIELD_SCALAR_KIND_CHANGED at #/A/1"]})")},
       {"POST /compatibility/subjects/a-value/versions/3", ok(R"({"is_compatible":true})")}}));
  auto verbose = harness.client->testCompatibility("a-value", kLatestVersion, kSchema, true);
  ASSERT_TRUE(verbose.has_value()) << verbose.error().toString();
  EXPECT_FALSE(verbose->is_compatible);
  EXPECT_EQ(verbose->messages.size(), 1u);
  EXPECT_TRUE(harness.client->testCompatibility("a-value", 3, kSchema, false)->is_compatible);
}

TEST(RegistryClientTest, ConfigGetAndSetUseTheirOwnFieldNames) {
  Harness harness(routes(
      {{"GET /config", ok(R"({"compatibilityLevel":"BACKWARD"})")},
       {"PUT /config/a-value", ok(R"({"compatibility":"FULL"})")},
       {"GET /config/b-value", registryError(404, 40408, "Subject 'b-value' has no config")}}));
  EXPECT_EQ(harness.client->getConfig(std::nullopt).value(), "BACKWARD");
  EXPECT_EQ(harness.client->setConfig("a-value", "FULL").value(), "FULL");
  EXPECT_TRUE(errc::isRegistryError(harness.client->getConfig("b-value").error(),
                                    errc::kSubjectCompatibilityNotConfigured));
  const auto requests = harness.server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(json::parse(requests[1].body), json({{"compatibility", "FULL"}}));
}

TEST(RegistryClientTest, DeletesClearSubjectCaches) {
  Harness harness(routes({{"POST /subjects/a-value/versions", ok(R"({"id":7,"version":1})")},
                          {"DELETE /subjects/a-value", ok("[1]")},
                          {"DELETE /subjects/a-value?permanent=true", ok("[1]")},
                          {"DELETE /subjects/a-value/versions/latest", ok("1")}}));
  ASSERT_TRUE(harness.client->registerSchema("a-value", kSchema, false).has_value());
  EXPECT_EQ(harness.client->deleteSubject("a-value", false).value(), (std::vector<int>{1}));
  EXPECT_EQ(harness.client->deleteSubject("a-value", true).value(), (std::vector<int>{1}));
  EXPECT_EQ(harness.client->deleteVersion("a-value", kLatestVersion, false).value(), 1);
  ASSERT_TRUE(harness.client->registerSchema("a-value", kSchema, false).has_value());
  EXPECT_EQ(harness.server.requests().size(), 5u);  // The second register was not cached.
}

TEST(RegistryClientTest, InvalidArgumentsAreRejectedLocally) {
  EXPECT_EQ(Client::create({.base_url = "localhost:8081"}).error().code, errc::kInvalidArgument);
  Harness harness(routes({}));
  EXPECT_EQ(harness.client->getSchemaById(0, SchemaFormat::kDefault).error().code,
            errc::kInvalidArgument);
  EXPECT_EQ(harness.client->getVersion("s", 0, SchemaFormat::kDefault, false).error().code,
            errc::kInvalidArgument);
  EXPECT_EQ(harness.client->deleteVersion("s", -2, false).error().code, errc::kInvalidArgument);
  EXPECT_TRUE(harness.server.requests().empty());
}

TEST(RegistryClientTest, UnknownRouteKeepsTheRegistryNumber) {
  Harness harness(routes({}));
  auto result = harness.client->getConfig(std::nullopt);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, "schema_registry.404");
  EXPECT_FALSE(errc::isTransient(result.error()));
}

TEST(RegistryClientTest, MalformedSuccessBodyIsAnInvalidResponse) {
  Harness harness(routes({{"GET /subjects", ok("{not json")}}));
  EXPECT_EQ(harness.client->listSubjects(false).error().code, errc::kInvalidResponse);
}

}  // namespace
}  // namespace tracker::schema_registry
