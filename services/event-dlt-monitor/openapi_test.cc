#include "http_api.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tracker::event_dlt_monitor {
namespace {

// The embedded document is the repo's openapi.json: valid JSON, OpenAPI 3, every route, and the
// error codes a client must handle on the actions.
TEST(OpenApiTest, EmbeddedDocumentDescribesEveryRoute) {
  const auto document = nlohmann::json::parse(openApiDocument());
  EXPECT_TRUE(document["openapi"].get<std::string>().starts_with("3."));
  for (const char* path :
       {"/api/dead-letters", "/api/dead-letters/summary", "/api/dead-letters/{id}",
        "/api/dead-letters/{id}/replay", "/api/dead-letters/{id}/discard",
        "/api/dead-letters/replay", "/api/dead-letters/discard", "/metrics", "/health/live",
        "/health/ready", "/openapi.json"}) {
    EXPECT_TRUE(document["paths"].contains(path)) << path;
  }
  const auto& discard = document["paths"]["/api/dead-letters/{id}/discard"]["post"]["responses"];
  for (const char* status : {"200", "400", "401", "403", "404", "409"}) {
    EXPECT_TRUE(discard.contains(status)) << status;
  }
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
