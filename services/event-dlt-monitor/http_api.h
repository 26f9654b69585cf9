#pragma once

// The monitor's HTTP API (README.md has the table): list, detail, summary, replay and discard one
// or by filter, /metrics, health and the OpenAPI document. Handlers block on PostgreSQL and, for
// replays, on Kafka's acknowledgements; the server's thread pool bounds how many run at once.

#include "config.h"
#include "console_state.h"
#include "dead_letter_store.h"
#include "dlt_reader.h"
#include "event_view.h"
#include "http_server/key_auth.h"
#include "http_server/router.h"
#include "monitor_metrics.h"
#include "replayer.h"

#include <memory>
#include <string_view>

namespace tracker::event_dlt_monitor {

/// What the routes use; everything must outlive the router.
struct ApiDependencies {
  const Config* config = nullptr;
  DeadLetterStore* store = nullptr;
  Replayer* replayer = nullptr;
  EventView* view = nullptr;
  const http_server::KeyAuth* auth = nullptr;
  const ReaderState* reader = nullptr;
  MonitorMetrics* metrics = nullptr;
  ConsoleState* console = nullptr;
};

/// The router with every route.
std::unique_ptr<http_server::Router> makeHttpApi(const ApiDependencies& deps);

/// The OpenAPI document (openapi.json, compiled in).
std::string_view openApiDocument();

/// The console's files (console/, compiled in).
std::string_view consoleHtml();
std::string_view consoleScript();
std::string_view consoleStyle();

}  // namespace tracker::event_dlt_monitor
