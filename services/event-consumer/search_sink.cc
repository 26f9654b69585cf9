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
    case BulkItemOutcome::kOutage:  // handled before: the whole batch waits
      break;
  }
  return ItemOutcome::retry({std::move(code), result.error_reason});
}

common::Error unavailable(std::string message) {
  return common::Error{std::string(kSearchUnavailable), std::move(message)};
}

}  // namespace

SearchSink::SearchSink(http::Client client, std::string base_url, std::string index,
                       const events::Catalogue& catalogue, std::size_t max_bulk_bytes)
    : client_(std::move(client)),
      base_url_(std::move(base_url)),
      index_(std::move(index)),
      catalogue_(catalogue),
      max_bulk_bytes_(max_bulk_bytes) {}

common::Result<std::unique_ptr<SearchSink>> SearchSink::create(std::string base_url,
                                                               std::string index,
                                                               const events::Catalogue& catalogue,
                                                               std::size_t max_bulk_bytes) {
  http::ClientOptions options;
  options.request_timeout = std::chrono::milliseconds(30'000);
  options.max_response_bytes = 64 * 1024 * 1024;
  options.user_agent = "tracker-event-consumer/0.1";
  auto client = http::Client::create(options);
  if (!client) return tl::unexpected(client.error());
  return std::unique_ptr<SearchSink>(new SearchSink(std::move(*client), std::move(base_url),
                                                    std::move(index), catalogue, max_bulk_bytes));
}

bool SearchSink::takes(const DecodedEvent& event) const {
  return catalogue_.isPostEvent(event.event.event_type());
}

common::Result<std::vector<ItemOutcome>> SearchSink::write(
    std::span<const DecodedEvent* const> events) {
  // Every item's two NDJSON lines once, one after the other; requests send slices of it.
  BulkBody body;
  body.offsets.reserve(events.size() + 1);
  body.text.reserve(events.size() * 512);
  std::vector<std::size_t> sizes;
  sizes.reserve(events.size());
  for (const DecodedEvent* event : events) {
    body.offsets.push_back(body.text.size());
    appendBulkCreate(body.text, *event);
    sizes.push_back(body.text.size() - body.offsets.back());
  }
  body.offsets.push_back(body.text.size());
  std::vector<ItemOutcome> outcomes;
  outcomes.reserve(events.size());
  for (const auto& [begin, end] : bulkChunks(sizes, max_bulk_bytes_)) {
    auto chunk = sendChunk(body, begin, end);
    if (!chunk) return tl::unexpected(chunk.error());
    for (ItemOutcome& outcome : *chunk) outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

common::Result<std::vector<ItemOutcome>> SearchSink::sendChunk(const BulkBody& body,
                                                               std::size_t begin, std::size_t end) {
  http::Request request;
  request.method = http::Method::kPost;
  request.url = base_url_ + "/" + index_ + "/_bulk";
  request.headers = {{"Content-Type", "application/x-ndjson"}};
  request.body = body.text.substr(body.offsets[begin], body.offsets[end] - body.offsets[begin]);
  auto response = client_.send(request);
  if (!response) return tl::unexpected(unavailable(response.error().toString()));
  const std::string answered =
      "_bulk answered " + std::to_string(response->status) + ": " + response->body.substr(0, 300);
  if (response->status == 413) {
    // Too large for the index's http.max_content_length: halves until it fits; one document
    // that alone is too large is that document's fault (a dead letter, not a loop).
    if (end - begin == 1) {
      return std::vector<ItemOutcome>{ItemOutcome::deadLetter(
          {"search.http_413", "the document alone is larger than the index accepts: " +
                                  response->body.substr(0, 200)})};
    }
    const std::size_t middle = begin + (end - begin) / 2;
    auto first = sendChunk(body, begin, middle);
    if (!first) return first;
    auto second = sendChunk(body, middle, end);
    if (!second) return second;
    for (ItemOutcome& outcome : *second) first->push_back(std::move(outcome));
    return first;
  }
  // 429/5xx: overloaded or failing; 401/403/404 and the rest: the index, its credentials or our
  // request shape, never one document. The batch waits; the probe looks at the index.
  if (response->status != 200) return tl::unexpected(unavailable(answered));
  auto results = parseBulkResponse(response->body, end - begin);
  if (!results) return tl::unexpected(results.error());
  std::vector<ItemOutcome> outcomes;
  outcomes.reserve(results->size());
  for (const BulkItemResult& result : *results) {
    if (result.outcome == BulkItemOutcome::kOutage) {
      return tl::unexpected(unavailable("the index refuses writes: item answered " +
                                        std::to_string(result.status) + " " + result.error_type +
                                        ": " + result.error_reason.substr(0, 300)));
    }
    outcomes.push_back(outcomeOf(result));
  }
  return outcomes;
}

common::Result<void> SearchSink::probe() {
  // The index as the writes see it: there (the alias resolves), readable with our credentials,
  // and without a write block on it or on the cluster.
  for (const std::string& path : {"/" + index_ + "/_settings?flat_settings=true",
                                  std::string("/_cluster/settings?flat_settings=true")}) {
    http::Request request;
    request.url = base_url_ + path;
    auto response = client_.send(request);
    if (!response) return tl::unexpected(unavailable(response.error().toString()));
    if (response->status != 200) {
      return tl::unexpected(unavailable("GET " + path + " answered " +
                                        std::to_string(response->status) + ": " +
                                        response->body.substr(0, 200)));
    }
    if (auto block = writeBlockIn(response->body)) {
      return tl::unexpected(unavailable("GET " + path + ": " + *block));
    }
  }
  return {};
}

}  // namespace tracker::event_consumer
