#include "http_server/router.h"

#include <utility>

namespace tracker::http_server {

Router::Router(Response not_found, Response method_not_allowed)
    : not_found_(std::move(not_found)), method_not_allowed_(std::move(method_not_allowed)) {}

void Router::add(Method method, std::string_view pattern, RouteHandler handler) {
  addAsync(
      method, pattern,
      [handler = std::move(handler)](const Request& request, const PathParams& params,
                                     Responder respond) { respond(handler(request, params)); });
}

void Router::addAsync(Method method, std::string_view pattern, AsyncRouteHandler handler) {
  Route route{method, {}, std::move(handler)};
  while (!pattern.empty()) {
    const std::size_t slash = pattern.find('/');
    std::string segment(pattern.substr(0, slash));
    if (!segment.empty()) {
      if (segment.front() == '{' && segment.back() == '}') segment = "{}";
      route.segments.push_back(std::move(segment));
    }
    if (slash == std::string_view::npos) break;
    pattern.remove_prefix(slash + 1);
  }
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string>& path, PathParams* params) {
  if (route.segments.size() != path.size()) return false;
  params->clear();
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (route.segments[i] == "{}") {
      params->push_back(path[i]);
    } else if (route.segments[i] != path[i]) {
      return false;
    }
  }
  return true;
}

void Router::dispatch(Request request, Responder respond) const {
  bool path_known = false;
  PathParams params;
  // HEAD is served by the GET route; the server drops the body.
  const Method wanted = request.method == Method::kHead ? Method::kGet : request.method;
  for (const Route& route : routes_) {
    if (!match(route, request.path_segments, &params)) continue;
    path_known = true;
    if (route.method == wanted) {
      route.handler(request, params, std::move(respond));
      return;
    }
  }
  respond(path_known ? method_not_allowed_ : not_found_);
}

RequestHandler Router::handler() const {
  return [this](Request request, Responder respond) {
    dispatch(std::move(request), std::move(respond));
  };
}

}  // namespace tracker::http_server
