#include "http_api.h"

#include "response_json.h"

#include <array>
#include <string>

namespace tracker::event_producer {
namespace {

using http_server::Method;
using http_server::PathParams;
using http_server::Request;
using http_server::Response;

constexpr std::array<std::string_view, 5> kRoutes = {"/api/events", "/health/live", "/health/ready",
                                                     "/metrics", "/api/openapi.json"};

std::string routeOf(const Request& request) {
  std::string path;
  for (const std::string& segment : request.path_segments) path += "/" + segment;
  for (std::string_view route : kRoutes) {
    if (path == route) return path;
  }
  return "unmatched";
}

Response json(int status, std::string body) {
  return Response{status, "application/json", std::move(body), {}};
}

Response readiness(const HealthState& health) {
  const auto reasons = health.notReadyReasons();
  if (reasons.empty()) return json(200, R"({"status":"ready"})");
  std::string joined;
  std::string list = "[";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) {
      joined += "; ";
      list += ',';
    }
    joined += reasons[i];
    appendJsonString(list, reasons[i]);
  }
  list += ']';
  std::string body =
      R"({"status":"not_ready","reasons":)" + list + R"(,"error":{"code":"not_ready","message":)";
  appendJsonString(body, joined);
  body += "}}";
  Response response = json(503, std::move(body));
  response.headers.emplace_back("Retry-After", "5");
  return response;
}

}  // namespace

std::unique_ptr<http_server::Router> makeHttpApi(IngestHandler& ingest, const HealthState& health,
                                                 const metrics::MetricsRegistry& registry) {
  auto router = std::make_unique<http_server::Router>(
      json(404, renderError("not_found", "no such route; see GET /api/openapi.json")),
      json(405, renderError("method_not_allowed", "this route does not take that method")));
  router->addAsync(
      Method::kPost, "/api/events",
      [&ingest](const Request& request, const PathParams&, http_server::Responder respond) {
        ingest.handle(request, std::move(respond));
      });
  router->add(Method::kGet, "/health/live", [&health](const Request&, const PathParams&) {
    if (health.live()) return json(200, R"({"status":"live"})");
    return json(503, renderError("not_live", "fatal Kafka producer error; restart the process"));
  });
  router->add(Method::kGet, "/health/ready",
              [&health](const Request&, const PathParams&) { return readiness(health); });
  router->add(Method::kGet, "/metrics", [&registry](const Request&, const PathParams&) {
    return Response{200, "text/plain; version=0.0.4; charset=utf-8", registry.render(), {}};
  });
  router->add(Method::kGet, "/api/openapi.json", [](const Request&, const PathParams&) {
    return json(200, std::string(openApiDocument()));
  });
  return router;
}

http_server::RequestHandler countingRequests(const http_server::Router& router,
                                             ProducerMetrics& metrics) {
  return [&router, &metrics](Request request, http_server::Responder respond) {
    std::string route = routeOf(request);
    const std::string_view method = http_server::methodName(request.method);
    router.dispatch(std::move(request), [&metrics, route = std::move(route), method,
                                         respond = std::move(respond)](Response response) {
      metrics.countRequest(route, method, response.status);
      respond(std::move(response));
    });
  };
}

}  // namespace tracker::event_producer
