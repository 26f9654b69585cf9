#include "read_api.h"

#include "errors.h"
#include "http_server/api_error.h"
#include "postgres/errors.h"
#include "read_params.h"
#include "time_text.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

using Json = nlohmann::ordered_json;  // fields in the documented order

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

http_server::Response okResponse(std::string body) {
  return http_server::jsonResponse(200, std::move(body));
}

// The API error a failure of the read path answers with.
http_server::ApiError readError(const common::Error& error) {
  const std::string_view code = error.code;
  if (code == kInvalidParameter) return apiError(ApiErrorCode::kInvalidParameter, error.message);
  if (code == kPostgresNotConfigured) {
    return apiError(ApiErrorCode::kPostgresNotConfigured, error.message);
  }
  if (code == kSearchNotConfigured) {
    return apiError(ApiErrorCode::kSearchNotConfigured, error.message);
  }
  if (code == postgres::errc::kUnavailable) {
    return apiError(ApiErrorCode::kPostgresUnavailable, error.message);
  }
  if (code == kSearchUnavailable) return apiError(ApiErrorCode::kSearchUnavailable, error.message);
  if (code.starts_with("postgres."))
    return apiError(ApiErrorCode::kPostgresError, error.toString());
  if (code.starts_with("search.")) return apiError(ApiErrorCode::kSearchError, error.toString());
  return apiError(ApiErrorCode::kInternalError, error.toString());
}

Json nullable(const std::optional<std::string>& text) { return text ? Json(*text) : Json(nullptr); }

Json eventObject(const StoredEvent& event) {
  Json extra = Json::parse(event.extra_data_json, nullptr, /*allow_exceptions=*/false);
  if (extra.is_discarded()) extra = nullptr;  // jsonb text is always JSON; never fail a read on it
  return {
      {"event_id", event.event_id},
      {"event_type", event.event_type},
      {"user_id", event.user_id},
      {"target_user_id", nullable(event.target_user_id)},
      {"timestamp", floorMillis(event.event_time_micros)},
      {"device_type", nullable(event.device_type)},
      {"source_channel", nullable(event.source_channel)},
      {"extra_data", std::move(extra)},
      {"kafka", {{"partition", event.kafka_partition}, {"offset", event.kafka_offset}}},
      {"schema_id", event.schema_id},
      {"ingested_at", formatIsoMillis(event.ingested_at_micros)},
  };
}

}  // namespace

std::string eventJson(const StoredEvent& event) { return dump(eventObject(event)); }

std::string userEventsJson(std::string_view user_id, const UserEventsPage& page) {
  Json events = Json::array();
  for (const StoredEvent& event : page.events) events.push_back(eventObject(event));
  return dump({{"user_id", user_id},
               {"events", std::move(events)},
               {"next_cursor", page.next ? Json(encodeCursor(*page.next)) : Json(nullptr)}});
}

std::string postSearchJson(const PostSearchResult& result) {
  Json hits = Json::array();
  for (const PostHit& hit : result.hits) {
    hits.push_back({
        {"event_id", hit.event_id},
        {"event_type", hit.event_type},
        {"user_id", hit.user_id},
        {"timestamp", hit.timestamp ? Json(*hit.timestamp) : Json(nullptr)},
        {"post_id", nullable(hit.post_id)},
        {"title", nullable(hit.title)},
        {"content", nullable(hit.content)},
        {"tags", hit.tags},
        {"score", hit.score ? Json(*hit.score) : Json(nullptr)},
    });
  }
  return dump({{"total", result.total}, {"hits", std::move(hits)}});
}

http_server::Response readErrorResponse(const common::Error& error) {
  return http_server::errorResponse(readError(error));
}

void addReadRoutes(http_server::Router& router, EventReader& reader, PostSearch& search) {
  using http_server::Method;
  using http_server::PathParams;
  using http_server::Request;
  using http_server::Response;

  router.add(Method::kGet, "/api/events/{event_id}",
             [&reader](const Request&, const PathParams& params) -> Response {
               auto event_id = parseId("event_id", params.at(0));
               if (!event_id) return readErrorResponse(event_id.error());
               auto event = reader.findEvent(*event_id);
               if (!event) return readErrorResponse(event.error());
               if (!*event) {
                 return http_server::errorResponse(eventNotFound(*event_id));
               }
               return okResponse(eventJson(**event));
             });

  router.add(Method::kGet, "/api/users/{user_id}/events",
             [&reader](const Request& request, const PathParams& params) -> Response {
               auto query = parseUserEventsQuery(params.at(0), request);
               if (!query) return readErrorResponse(query.error());
               auto page = reader.userEvents(*query);
               if (!page) return readErrorResponse(page.error());
               return okResponse(userEventsJson(query->user_id, *page));
             });

  router.add(Method::kGet, "/api/posts/search",
             [&search](const Request& request, const PathParams&) -> Response {
               auto query = parsePostSearchQuery(request);
               if (!query) return readErrorResponse(query.error());
               auto result = search.search(*query);
               if (!result) return readErrorResponse(result.error());
               return okResponse(postSearchJson(*result));
             });
}

}  // namespace tracker::event_consumer
