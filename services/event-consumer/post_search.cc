#include "post_search.h"

#include "common/parse.h"
#include "time_text.h"

#include <nlohmann/json.hpp>

namespace tracker::event_consumer {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

std::optional<std::string> stringField(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

// `timestamp` as indexed: a number, or a string of digits (epoch_millis accepts both).
std::optional<std::int64_t> millisField(const nlohmann::json& object) {
  auto found = object.find("timestamp");
  if (found == object.end()) return std::nullopt;
  if (found->is_number_integer()) return found->get<std::int64_t>();
  if (found->is_number_float()) return static_cast<std::int64_t>(found->get<double>());
  if (found->is_string()) {
    auto parsed = common::parseInt64(found->get<std::string>());
    if (parsed) return *parsed;
  }
  return std::nullopt;
}

// `tags` as indexed: an array of strings (what the sink writes) or a single string.
std::vector<std::string> tagsField(const nlohmann::json& object) {
  std::vector<std::string> tags;
  auto found = object.find("tags");
  if (found == object.end()) return tags;
  if (found->is_string()) tags.push_back(found->get<std::string>());
  if (found->is_array()) {
    for (const auto& tag : *found) {
      if (tag.is_string()) tags.push_back(tag.get<std::string>());
    }
  }
  return tags;
}

}  // namespace

std::string searchRequestBody(const PostSearchQuery& query) {
  nlohmann::json must = nlohmann::json::array();
  if (query.text.empty()) {
    must.push_back({{"match_all", nlohmann::json::object()}});
  } else {
    must.push_back(
        {{"multi_match", {{"query", query.text}, {"fields", {"title", "content", "tags"}}}}});
  }
  nlohmann::json filter = nlohmann::json::array();
  if (query.user_id) filter.push_back({{"term", {{"user_id", *query.user_id}}}});
  if (query.range.from_micros || query.range.to_micros) {
    // Documents hold whole milliseconds, so rounding a bound up keeps exactly the same documents.
    nlohmann::json range = {{"format", "epoch_millis"}};
    if (query.range.from_micros) range["gte"] = ceilMillis(*query.range.from_micros);
    if (query.range.to_micros) range["lt"] = ceilMillis(*query.range.to_micros);
    filter.push_back({{"range", {{"timestamp", std::move(range)}}}});
  }
  const nlohmann::json body = {
      {"size", query.size},
      {"track_total_hits", true},
      {"_source",
       {"event_id", "event_type", "user_id", "timestamp", "post_id", "title", "content", "tags"}},
      {"query", {{"bool", {{"must", std::move(must)}, {"filter", std::move(filter)}}}}},
      {"sort", {{{"_score", {{"order", "desc"}}}}, {{"timestamp", {{"order", "desc"}}}}}},
  };
  return body.dump(-1, ' ', false, kReplace);
}

common::Result<PostSearchResult> parseSearchResponse(std::string_view body) {
  const auto invalid = [](std::string why) {
    return common::makeError(std::string(kSearchInvalidResponse), std::move(why));
  };
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object()) return invalid("not a JSON object");
  auto hits = answer.find("hits");
  if (hits == answer.end() || !hits->is_object()) return invalid("no hits object");
  auto list = hits->find("hits");
  if (list == hits->end() || !list->is_array()) return invalid("no hits.hits array");

  PostSearchResult result;
  // OpenSearch: {"value": N, "relation": "eq"}; before Elasticsearch 7: a plain number.
  if (auto total = hits->find("total"); total != hits->end()) {
    if (total->is_number_integer()) {
      result.total = total->get<std::int64_t>();
    } else if (total->is_object() && total->contains("value") &&
               (*total)["value"].is_number_integer()) {
      result.total = (*total)["value"].get<std::int64_t>();
    }
  }
  result.hits.reserve(list->size());
  for (const auto& hit : *list) {
    if (!hit.is_object()) return invalid("a hit is not an object");
    static const nlohmann::json kEmpty = nlohmann::json::object();
    auto source_found = hit.find("_source");
    const nlohmann::json& source =
        source_found != hit.end() && source_found->is_object() ? *source_found : kEmpty;
    PostHit post;
    post.event_id = stringField(source, "event_id").value_or(stringField(hit, "_id").value_or(""));
    post.event_type = stringField(source, "event_type").value_or("");
    post.user_id = stringField(source, "user_id").value_or("");
    post.timestamp = millisField(source);
    post.post_id = stringField(source, "post_id");
    post.title = stringField(source, "title");
    post.content = stringField(source, "content");
    post.tags = tagsField(source);
    if (auto score = hit.find("_score"); score != hit.end() && score->is_number()) {
      post.score = score->get<double>();
    }
    result.hits.push_back(std::move(post));
  }
  return result;
}

PostSearch::PostSearch(http::Client client, std::string base_url, std::string index)
    : client_(std::move(client)), base_url_(std::move(base_url)), index_(std::move(index)) {}

common::Result<std::unique_ptr<PostSearch>> PostSearch::create(std::string base_url,
                                                               std::string index) {
  http::ClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(1'000);
  options.request_timeout = std::chrono::milliseconds(5'000);
  options.max_response_bytes = 16 * 1024 * 1024;
  options.user_agent = "tracker-event-consumer/0.1";
  auto client = http::Client::create(options);
  if (!client) return tl::unexpected(client.error());
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  return std::unique_ptr<PostSearch>(
      new PostSearch(std::move(*client), std::move(base_url), std::move(index)));
}

common::Result<PostSearchResult> PostSearch::search(const PostSearchQuery& query) {
  if (base_url_.empty()) {
    return common::makeError(std::string(kSearchNotConfigured),
                             "this instance has no search URL (TRACKER_SEARCH_URL)");
  }
  http::Request request;
  request.method = http::Method::kPost;
  request.url = base_url_ + "/" + index_ + "/_search";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = searchRequestBody(query);
  auto response = client_.send(request);
  if (!response) {
    return common::makeError(std::string(kSearchUnavailable), response.error().toString());
  }
  if (response->status == 429 || response->status >= 500 || response->status == 404) {
    return common::makeError(std::string(kSearchUnavailable),
                             "_search on " + index_ + " answered " +
                                 std::to_string(response->status) + ": " +
                                 response->body.substr(0, 300));
  }
  if (response->status != 200) {
    return common::makeError("search.http_" + std::to_string(response->status),
                             response->body.substr(0, 300));
  }
  return parseSearchResponse(response->body);
}

}  // namespace tracker::event_consumer
