#include "http_api.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_producer {
namespace {

// The embedded document is the repo's openapi.json: valid JSON, OpenAPI 3, every route.
TEST(OpenApiTest, EmbeddedDocumentDescribesEveryRoute) {
  const auto document = nlohmann::json::parse(openApiDocument());
  EXPECT_TRUE(document["openapi"].get<std::string>().starts_with("3."));
  for (const char* path :
       {"/api/events", "/health/live", "/health/ready", "/metrics", "/api/openapi.json"}) {
    EXPECT_TRUE(document["paths"].contains(path)) << path;
  }
  const auto& responses = document["paths"]["/api/events"]["post"]["responses"];
  for (const char* status : {"200", "201", "400", "401", "413", "415", "422", "429", "503"}) {
    EXPECT_TRUE(responses.contains(status)) << status;
  }
}

}  // namespace
}  // namespace tracker::event_producer
