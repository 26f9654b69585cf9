#include "http_api.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

http_server::Response jsonResponse(int status, const nlohmann::json& body) {
  return {status, "application/json", body.dump(), {}};
}

http_server::Response errorResponse(int status, std::string code, std::string message) {
  return jsonResponse(status, {{"error_code", std::move(code)}, {"message", std::move(message)}});
}

}  // namespace

std::unique_ptr<http_server::Router> makeHttpApi(const ConsumerStatus& status) {
  auto router = std::make_unique<http_server::Router>(
      errorResponse(404, "not_found", "no such route"),
      errorResponse(405, "method_not_allowed", "method not allowed on this route"));
  using http_server::Method;
  router->add(Method::kGet, "/health/live",
              [&status](const http_server::Request&, const http_server::PathParams&) {
                return status.live() ? jsonResponse(200, {{"status", "live"}})
                                     : jsonResponse(503, {{"status", "dead"}});
              });
  router->add(Method::kGet, "/health/ready",
              [&status](const http_server::Request&, const http_server::PathParams&) {
                const auto reasons = status.notReadyReasons();
                if (reasons.empty()) return jsonResponse(200, {{"status", "ready"}});
                return jsonResponse(503, {{"status", "not_ready"}, {"reasons", reasons}});
              });
  router->add(Method::kGet, "/api/status",
              [&status](const http_server::Request&, const http_server::PathParams&) {
                return http_server::Response{200, "application/json", status.renderJson(), {}};
              });
  return router;
}

}  // namespace tracker::event_consumer
