#include "http_api.h"

#include "errors.h"
#include "http_server/api_error.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

using http_server::errorResponse;
using http_server::jsonResponse;

// What Kafka answers for a group id it has never seen: state Dead, nothing in it.
bool isUnknownGroup(const kafka::GroupInfo& group) {
  return group.state == "Dead" && group.members.empty() && group.partitions.empty();
}

}  // namespace

std::unique_ptr<http_server::Router> makeHttpApi(const ConsumerStatus& status,
                                                 const ConsumerMetrics& metrics,
                                                 const GroupOverview& groups) {
  auto router = std::make_unique<http_server::Router>(errorResponse(routeNotFound()),
                                                      errorResponse(methodNotAllowed()));
  using http_server::Method;
  router->add(Method::kGet, "/health/live",
              [&status](const http_server::Request&, const http_server::PathParams&) {
                return status.live() ? jsonResponse(200, R"({"status":"live"})")
                                     : jsonResponse(503, R"({"status":"dead"})");
              });
  router->add(Method::kGet, "/health/ready",
              [&status](const http_server::Request&, const http_server::PathParams&) {
                return http_server::readinessResponse(status.notReadyReasons(), kRetryAfterSeconds);
              });
  router->add(Method::kGet, "/api/status",
              [&status](const http_server::Request&, const http_server::PathParams&) {
                return jsonResponse(200, status.renderJson());
              });
  router->add(Method::kGet, "/metrics",
              [&metrics](const http_server::Request&, const http_server::PathParams&) {
                return http_server::Response{
                    200, "text/plain; version=0.0.4; charset=utf-8", metrics.render(), {}};
              });
  router->add(Method::kGet, "/api/groups",
              [&groups](const http_server::Request& request, const http_server::PathParams&) {
                const auto group = request.queryParam("group");
                if (group && group->empty()) {
                  return errorResponse(emptyGroupParameter());
                }
                auto overview = groups.describe(group);
                if (!overview) {
                  return errorResponse(kafkaUnavailable(overview.error().message));
                }
                if (group && overview->groups.size() == 1 && isUnknownGroup(overview->groups[0])) {
                  return errorResponse(groupNotFound(*group));
                }
                return jsonResponse(200, renderGroupsJson(overview->groups, overview->errors));
              });
  return router;
}

}  // namespace tracker::event_consumer
