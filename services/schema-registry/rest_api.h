#pragma once

// The REST boundary: Confluent's routes (spec §1.3) onto Registry calls, JSON in and out, and
// the one place where Errc becomes {"error_code","message"} plus an HTTP status.

#include "http_server/router.h"
#include "registry.h"
#include "settings.h"

#include <memory>

namespace tracker::schema_registry_service {

/// Builds the router serving every registry endpoint; `registry` and `settings` must outlive it.
std::unique_ptr<http_server::Router> makeRestApi(Registry& registry, Settings& settings);

/// The response for a registry error (exposed for tests).
http_server::Response errorResponse(const Error& error);

}  // namespace tracker::schema_registry_service
