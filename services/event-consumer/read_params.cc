#include "read_params.h"

#include "common/parse.h"
#include "events/catalogue.h"
#include "time_text.h"

namespace tracker::event_consumer {
namespace {

tl::unexpected<common::Error> invalid(std::string_view name, std::string_view why) {
  return common::makeError(std::string(kInvalidParameter),
                           std::string(name) + ": " + std::string(why));
}

// The parameter's value, nullopt when absent or empty.
std::optional<std::string> given(const http_server::Request& request, std::string_view name) {
  auto value = request.queryParam(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

common::Result<int> parseCount(const http_server::Request& request, std::string_view name,
                               int fallback, int max) {
  auto text = given(request, name);
  if (!text) return fallback;
  auto value = common::parseInt64(*text);
  if (!value || *value < 1 || *value > max) {
    return invalid(name, "must be an integer from 1 to " + std::to_string(max));
  }
  return static_cast<int>(*value);
}

common::Result<TimeRange> parseRange(const http_server::Request& request) {
  TimeRange range;
  for (const auto& [name, bound] :
       {std::pair{"from", &range.from_micros}, std::pair{"to", &range.to_micros}}) {
    auto text = given(request, name);
    if (!text) continue;
    *bound = parseInstantMicros(*text);
    if (!*bound) {
      return invalid(name,
                     "must be epoch milliseconds or ISO-8601 (2024-05-01T12:00:00Z), "
                     "between years 1 and 9999");
    }
  }
  if (range.from_micros && range.to_micros && *range.from_micros >= *range.to_micros) {
    return invalid("to", "must be after from");
  }
  return range;
}

}  // namespace

common::Result<std::string> parseId(std::string_view name, std::string_view value) {
  if (value.empty() || value.size() > kMaxIdBytes) {
    return invalid(name, "must be 1 to " + std::to_string(kMaxIdBytes) + " bytes");
  }
  return std::string(value);
}

common::Result<UserEventsQuery> parseUserEventsQuery(std::string_view user_id,
                                                     const http_server::Request& request) {
  UserEventsQuery query;
  auto id = parseId("user_id", user_id);
  if (!id) return tl::unexpected(id.error());
  query.user_id = std::move(*id);
  if (auto type = given(request, "type")) {
    if (!events::isEventTypeName(*type)) {
      return invalid("type", "must be an event type name (lower snake case, at most " +
                                 std::to_string(events::kMaxEventTypeBytes) + " bytes)");
    }
    query.event_type = std::move(*type);
  }
  auto range = parseRange(request);
  if (!range) return tl::unexpected(range.error());
  query.range = *range;
  auto limit = parseCount(request, "limit", kDefaultEventsLimit, kMaxEventsLimit);
  if (!limit) return tl::unexpected(limit.error());
  query.limit = *limit;
  if (auto token = given(request, "cursor")) {
    query.after = decodeCursor(*token);
    if (!query.after) return invalid("cursor", "not a cursor this API issued");
  }
  return query;
}

common::Result<PostSearchQuery> parsePostSearchQuery(const http_server::Request& request) {
  PostSearchQuery query;
  if (auto text = given(request, "q")) {
    if (text->size() > kMaxSearchTextBytes) {
      return invalid("q", "at most " + std::to_string(kMaxSearchTextBytes) + " bytes");
    }
    // Blank text is no text: multi_match would find nothing rather than everything.
    if (text->find_first_not_of(" \t\r\n") != std::string::npos) query.text = std::move(*text);
  }
  if (auto user_id = given(request, "user_id")) {
    auto id = parseId("user_id", *user_id);
    if (!id) return tl::unexpected(id.error());
    query.user_id = std::move(*id);
  }
  auto range = parseRange(request);
  if (!range) return tl::unexpected(range.error());
  query.range = *range;
  auto size = parseCount(request, "size", kDefaultSearchSize, kMaxSearchSize);
  if (!size) return tl::unexpected(size.error());
  query.size = *size;
  return query;
}

}  // namespace tracker::event_consumer
