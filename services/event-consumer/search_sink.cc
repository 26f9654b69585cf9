#include "search_sink.h"

namespace tracker::event_consumer {

namespace {

ItemOutcome outcomeOf(const BulkItemResult& result) {
  std::string code =
      "search." +
      (result.error_type.empty() ? "http_" + std::to_string(result.status) : result.error_type);
  switch (result.outcome) {
    case BulkItemOutcome::kWritten:
    case BulkItemOutcome::kExisted:
      return ItemOutcome::done();
    case BulkItemOutcome::kRejected:
      return ItemOutcome::deadLetter({std::move(code), result.error_reason});
    case BulkItemOutcome::kRetry:
      break;
  }
  return ItemOutcome::retry({std::move(code), result.error_reason});
}

}  // namespace

SearchSink::SearchSink(http::Client client, std::string base_url, std::string index,
                       const events::Catalogue& catalogue)
    : client_(std::move(client)),
      base_url_(std::move(base_url)),
      index_(std::move(index)),
      catalogue_(catalogue) {}

common::Result<std::unique_ptr<SearchSink>> SearchSink::create(std::string base_url,
                                                               std::string index,
                                                               const events::Catalogue& catalogue) {
  http::ClientOptions options;
  options.request_timeout = std::chrono::milliseconds(30'000);
  options.max_response_bytes = 64 * 1024 * 1024;
  options.user_agent = "tracker-event-consumer/0.1";
  auto client = http::Client::create(options);
  if (!client) return tl::unexpected(client.error());
  return std::unique_ptr<SearchSink>(
      new SearchSink(std::move(*client), std::move(base_url), std::move(index), catalogue));
}

bool SearchSink::takes(const DecodedEvent& event) const {
  return catalogue_.isPostEvent(event.event.event_type());
}

common::Result<std::vector<ItemOutcome>> SearchSink::write(
    std::span<const DecodedEvent* const> events) {
  auto results = bulk(events);
  if (!results) return tl::unexpected(results.error());
  std::vector<ItemOutcome> outcomes;
  outcomes.reserve(results->size());
  for (const BulkItemResult& result : *results) outcomes.push_back(outcomeOf(result));
  return outcomes;
}

common::Result<std::vector<BulkItemResult>> SearchSink::bulk(
    std::span<const DecodedEvent* const> events) {
  if (events.empty()) return std::vector<BulkItemResult>{};
  http::Request request;
  request.method = http::Method::kPost;
  request.url = base_url_ + "/" + index_ + "/_bulk";
  request.headers = {{"Content-Type", "application/x-ndjson"}};
  request.body.reserve(events.size() * 512);
  for (const DecodedEvent* event : events) appendBulkCreate(request.body, *event);
  auto response = client_.send(request);
  if (!response) {
    return common::makeError(std::string(kSearchUnavailable), response.error().toString());
  }
  if (response->status == 429 || response->status >= 500) {
    return common::makeError(std::string(kSearchUnavailable),
                             "_bulk answered " + std::to_string(response->status) + ": " +
                                 response->body.substr(0, 300));
  }
  if (response->status != 200) {
    return common::makeError("search.http_" + std::to_string(response->status),
                             response->body.substr(0, 300));
  }
  return parseBulkResponse(response->body, events.size());
}

common::Result<void> SearchSink::probe() {
  http::Request request;
  request.url = base_url_ + "/";
  auto response = client_.send(request);
  if (!response) {
    return common::makeError(std::string(kSearchUnavailable), response.error().toString());
  }
  if (response->status != 200) {
    return common::makeError(std::string(kSearchUnavailable),
                             "GET / answered " + std::to_string(response->status));
  }
  return {};
}

}  // namespace tracker::event_consumer
