#include "http_api.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

http_server::Response jsonResponse(int status, const nlohmann::json& body) {
  return {status, "application/json", body.dump(), {}};
}

// What Kafka answers for a group id it has never seen: state Dead, nothing in it.
bool isUnknownGroup(const GroupInfo& group) {
  return group.state == "Dead" && group.members.empty() && group.partitions.empty();
}

}  // namespace

http_server::Response errorResponse(int status, std::string code, std::string message) {
  const nlohmann::json body = {{"error_code", std::move(code)}, {"message", std::move(message)}};
  std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return {status, "application/json", std::move(text), {}};
}

std::unique_ptr<http_server::Router> makeHttpApi(const ConsumerStatus& status,
                                                 const ConsumerMetrics& metrics,
                                                 const GroupOverview& groups) {
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
  router->add(Method::kGet, "/metrics",
              [&metrics](const http_server::Request&, const http_server::PathParams&) {
                return http_server::Response{
                    200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
              });
  router->add(
      Method::kGet, "/api/groups",
      [&groups](const http_server::Request& request, const http_server::PathParams&) {
        const auto group = request.queryParam("group");
        if (group && group->empty()) {
          return errorResponse(400, "bad_request", "group must not be empty");
        }
        auto overview = groups.describe(group);
        if (!overview) {
          return errorResponse(503, "kafka_unavailable", overview.error().message);
        }
        if (group && overview->groups.size() == 1 && isUnknownGroup(overview->groups[0])) {
          return errorResponse(404, "group_not_found", "Kafka knows no group " + *group);
        }
        return http_server::Response{
            200, "application/json", renderGroupsJson(overview->groups, overview->errors), {}};
      });
  return router;
}

}  // namespace tracker::event_consumer
