#pragma once

// The read API of event-consumer (what the seed calls retrieval):
//   GET /api/events/{event_id}                 one stored event; 404 event_not_found
//   GET /api/users/{user_id}/events?type=&from=&to=&limit=&cursor=
//                                              a user's events newest first, keyset-paginated
//   GET /api/posts/search?q=&user_id=&from=&to=&size=
//                                              full text over post events in the search index
// Errors are {"error":{"code","message"}} (errors.h): 400 invalid_parameter (the message starts
// with the parameter's name), 503 postgres_unavailable / search_unavailable (with Retry-After), 503
// postgres_not_configured / search_not_configured (this instance has no DSN / search URL), 500
// postgres_error, 502 search_error. README.md documents the bodies.

#include "common/result.h"
#include "event_reader.h"
#include "http_server/router.h"
#include "post_search.h"

#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// Adds the read routes to `router`; `reader` and `search` must outlive it.
void addReadRoutes(http_server::Router& router, EventReader& reader, PostSearch& search);

/// An event as the API shows it: event_id, event_type, user_id, target_user_id (null when
/// none), timestamp (epoch ms), device_type, source_channel, extra_data (object), kafka
/// {partition, offset}, schema_id, ingested_at (ISO-8601 UTC, ms).
std::string eventJson(const StoredEvent& event);

/// {"user_id", "events": [eventJson…], "next_cursor": token or null}.
std::string userEventsJson(std::string_view user_id, const UserEventsPage& page);

/// {"total", "hits": [{event_id, event_type, user_id, timestamp, post_id, title, content, tags,
/// score}]}.
std::string postSearchJson(const PostSearchResult& result);

/// The HTTP answer to a failure of the read path (bad parameter, PostgreSQL, search).
http_server::Response readErrorResponse(const common::Error& error);

}  // namespace tracker::event_consumer
