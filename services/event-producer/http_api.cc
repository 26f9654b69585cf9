#include "http_api.h"

#include "errors.h"
#include "http_server/api_error.h"

#include <array>
#include <string>

namespace tracker::event_producer {
namespace {

using http_server::errorResponse;
using http_server::jsonResponse;
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

}  // namespace

std::unique_ptr<http_server::Router> makeHttpApi(IngestHandler& ingest, const HealthState& health,
                                                 const metrics::MetricsRegistry& registry) {
  auto router = std::make_unique<http_server::Router>(errorResponse(routeNotFound()),
                                                      errorResponse(methodNotAllowed()));
  router->addAsync(
      Method::kPost, "/api/events",
      [&ingest](const Request& request, const PathParams&, http_server::Responder respond) {
        ingest.handle(request, std::move(respond));
      });
  router->add(Method::kGet, "/health/live", [&health](const Request&, const PathParams&) {
    if (health.live()) return jsonResponse(200, R"({"status":"live"})");
    return errorResponse(notLive());
  });
  router->add(Method::kGet, "/health/ready", [&health](const Request&, const PathParams&) {
    return http_server::readinessResponse(health.notReadyReasons(), kRetryAfterUnavailableSeconds);
  });
  router->add(Method::kGet, "/metrics", [&registry](const Request&, const PathParams&) {
    return Response{200, "text/plain; version=0.0.4; charset=utf-8", registry.render(), {}};
  });
  router->add(Method::kGet, "/api/openapi.json", [](const Request&, const PathParams&) {
    return jsonResponse(200, std::string(openApiDocument()));
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
