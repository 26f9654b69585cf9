#pragma once

// Routing on (method, decoded path segments). Patterns are written like
// "/subjects/{subject}/versions": a "{name}" segment matches any one decoded segment (which may
// contain '/', from "%2F") and is handed to the handler in order; other segments must match
// exactly. The first matching route wins.

#include "http_server/request.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::http_server {

/// Sends the response of one request; call it exactly once, from any thread.
using Responder = std::function<void(Response)>;

/// Handles a request whose response may come later (async-capable form).
using RequestHandler = std::function<void(Request request, Responder respond)>;

/// Captured "{name}" segments of the matched pattern, in pattern order.
using PathParams = std::vector<std::string>;

/// A route that answers synchronously.
using RouteHandler = std::function<Response(const Request& request, const PathParams& params)>;

/// A route that answers through a Responder (possibly later, from another thread).
using AsyncRouteHandler =
    std::function<void(const Request& request, const PathParams& params, Responder respond)>;

/// Maps requests to handlers; immutable once handed to a Server (add routes before).
class Router {
 public:
  /// `not_found` answers unknown paths; `method_not_allowed` answers a known path with a method
  /// that has no route (our services pass api_error.h's errorResponse; the schema registry
  /// passes Confluent's shape, which its clients require).
  Router(Response not_found, Response method_not_allowed);

  /// Adds a synchronous route.
  void add(Method method, std::string_view pattern, RouteHandler handler);

  /// Adds an asynchronous route.
  void addAsync(Method method, std::string_view pattern, AsyncRouteHandler handler);

  /// Dispatches one request (what a Server calls).
  void dispatch(Request request, Responder respond) const;

  /// This router as a Server's request handler; the router must outlive the server.
  RequestHandler handler() const;

 private:
  struct Route {
    Method method;
    std::vector<std::string> segments;  // "{}" marks a parameter
    AsyncRouteHandler handler;
  };

  static bool match(const Route& route, const std::vector<std::string>& path, PathParams* params);

  Response not_found_;
  Response method_not_allowed_;
  std::vector<Route> routes_;
};

}  // namespace tracker::http_server
