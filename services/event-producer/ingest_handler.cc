#include "ingest_handler.h"

#include "content_type.h"
#include "errors.h"
#include "events/errors.h"
#include "events/protobuf_body_parser.h"
#include "http_server/api_error.h"
#include "response_json.h"

#include <string>

namespace tracker::event_producer {
namespace {

constexpr std::size_t kMaxIdleParsers = 64;

using http_server::errorResponse;
using http_server::jsonResponse;
using http_server::setRetryAfter;

// The answer to one event (not a batch): 422 invalid, 503 not taken by Kafka, or 201.
http_server::Response singleEventAnswer(const events::IngestItem& item,
                                        const std::vector<DeliveryOutcome>& outcomes,
                                        const DeliveryOutcome* first_failure) {
  if (!item.accepted()) {
    return jsonResponse(422, renderInvalidEvent(item.event.event_id(), item.errors));
  }
  if (first_failure != nullptr) {
    auto response =
        jsonResponse(httpStatus(first_failure->code),
                     renderFailedEvent(item.event.event_id(), wireCode(first_failure->code),
                                       first_failure->message));
    setRetryAfter(response, retryAfterFor(first_failure->code));
    return response;
  }
  return jsonResponse(
      201, renderAccepted(item.event.event_id(), outcomes[0].partition, outcomes[0].offset));
}

// One result per item of a batch, in body order; `outcomes` are those of the accepted items.
std::vector<ItemResult> batchResults(const std::vector<events::IngestItem>& items,
                                     const std::vector<DeliveryOutcome>& outcomes) {
  std::vector<ItemResult> results;
  results.reserve(items.size());
  std::size_t next_produced = 0;
  for (const events::IngestItem& item : items) {
    ItemResult result;
    result.index = item.index;
    result.event_id = item.event.event_id();
    if (!item.accepted()) {
      result.status = ItemStatus::kRejected;
      result.errors = item.errors;
    } else if (const DeliveryOutcome& outcome = outcomes[next_produced++]; outcome.delivered) {
      result.status = ItemStatus::kAccepted;
      result.partition = outcome.partition;
      result.offset = outcome.offset;
    } else {
      result.status = ItemStatus::kFailed;
      result.errors.push_back(
          events::FieldError{std::string(wireCode(outcome.code)), "", outcome.message});
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace

BodyErrorMapping mapBodyError(std::string_view events_code) {
  std::string code(events_code);
  if (code.starts_with("events.")) code.erase(0, 7);
  if (events_code == events::errc::kBodyTooLarge || events_code == events::errc::kTooManyItems) {
    return {413, code};
  }
  return {400, code};
}

// A request waiting for Kafka: its parsed body (the events produced point into it) and how to
// answer.
struct IngestHandler::HeldRequest {
  events::ParsedBody body;
  http_server::Responder respond;
};

IngestHandler::IngestHandler(IngestOptions options, const events::Catalogue& catalogue,
                             events::UuidV7Generator& ids, const ApiKeyAuth& auth,
                             RateLimiter& limiter, const HealthState& health, KafkaSink& sink,
                             ProducerMetrics& metrics)
    : options_(options),
      context_{catalogue, options.validation, ids, events::systemNowMs},
      auth_(auth),
      limiter_(limiter),
      health_(health),
      sink_(sink),
      metrics_(metrics) {}

IngestHandler::~IngestHandler() = default;

std::unique_ptr<events::JsonEventParser> IngestHandler::takeParser() {
  {
    std::lock_guard lock(parsers_mutex_);
    if (!idle_parsers_.empty()) {
      auto parser = std::move(idle_parsers_.back());
      idle_parsers_.pop_back();
      return parser;
    }
  }
  return std::make_unique<events::JsonEventParser>(context_, options_.body);
}

void IngestHandler::returnParser(std::unique_ptr<events::JsonEventParser> parser) {
  std::lock_guard lock(parsers_mutex_);
  if (idle_parsers_.size() < kMaxIdleParsers) idle_parsers_.push_back(std::move(parser));
}

http_server::Response IngestHandler::refuse(const http_server::ApiError& error) {
  metrics_.countRefused(error.code);
  return errorResponse(error);
}

void IngestHandler::handle(const http_server::Request& request, http_server::Responder respond) {
  // Cheapest checks first: nothing below costs more than the body copy already made.
  const auto client = auth_.authenticate(request.header(kApiKeyHeader));
  if (!client) {
    respond(refuse(unauthorized(request.header(kApiKeyHeader).has_value())));
    return;
  }
  const auto format = classifyContentType(request.header("Content-Type"));
  if (!format) {
    respond(refuse(apiError(ErrorCode::kUnsupportedMediaType, format.error().message)));
    return;
  }
  if (request.body.size() > options_.body.max_body_bytes) {
    respond(refuse(bodyTooLarge(request.body.size(), options_.body.max_body_bytes)));
    return;
  }
  if (auto unavailable = health_.ingestUnavailable()) {
    respond(refuse(apiError(unavailable->code, unavailable->message)));
    return;
  }

  auto parsed = parseBody(request.body, *format);
  if (!parsed) {
    const BodyErrorMapping mapping = mapBodyError(parsed.error().code);
    respond(refuse({mapping.status, mapping.code, parsed.error().message, 0}));
    return;
  }

  const auto decision = limiter_.tryAcquire(*client, static_cast<double>(parsed->items.size()));
  if (!decision.allowed) {
    respond(refuse(rateLimited(static_cast<int>(retryAfterSeconds(decision.retry_after)))));
    return;
  }

  produceAccepted(std::move(*parsed), std::move(respond));
}

common::Result<events::ParsedBody> IngestHandler::parseBody(const std::string& body,
                                                            BodyFormat format) {
  if (format != BodyFormat::kJson) {
    return events::parseProtobufBody(body, format == BodyFormat::kProtobufBatch, context_,
                                     options_.body);
  }
  auto parser = takeParser();
  auto parsed = parser->parse(body);
  returnParser(std::move(parser));
  return parsed;
}

void IngestHandler::produceAccepted(events::ParsedBody body, http_server::Responder respond) {
  auto held = std::make_shared<HeldRequest>();
  held->body = std::move(body);
  std::vector<const ::events::UserBehaviorEvent*> to_produce;
  for (const events::IngestItem& item : held->body.items) {
    if (item.accepted()) {
      to_produce.push_back(&item.event);
    } else {
      metrics_.countRejected(item.errors.front().code);
    }
  }
  if (to_produce.empty()) {
    held->respond = std::move(respond);
    complete(*held, {});
    return;
  }
  if (inflight_.fetch_add(1) >= options_.max_inflight_requests) {
    inflight_.fetch_sub(1);
    respond(refuse(tooManyRequestsInFlight(options_.max_inflight_requests)));
    return;
  }
  metrics_.inflight_requests.add(1);
  held->respond = std::move(respond);
  auto unavailable = sink_.produce(to_produce, [this, held](std::vector<DeliveryOutcome> outcomes) {
    complete(*held, std::move(outcomes));
    metrics_.inflight_requests.add(-1);
    inflight_.fetch_sub(1);
  });
  if (unavailable) {
    metrics_.inflight_requests.add(-1);
    inflight_.fetch_sub(1);
    held->respond(refuse(apiError(unavailable->code, unavailable->message)));
  }
}

void IngestHandler::complete(HeldRequest& held, std::vector<DeliveryOutcome> outcomes) {
  std::size_t delivered = 0;
  const DeliveryOutcome* first_failure = nullptr;
  for (const DeliveryOutcome& outcome : outcomes) {
    if (outcome.delivered) {
      ++delivered;
    } else if (first_failure == nullptr) {
      first_failure = &outcome;
    }
  }
  metrics_.countAccepted(delivered);

  if (!held.body.batch) {
    held.respond(singleEventAnswer(held.body.items.front(), outcomes, first_failure));
    return;
  }

  // A batch none of whose produced events got through is answered 503 as a whole: the client
  // retries it (with the same event ids) instead of picking failed items out of a 200.
  if (delivered == 0 && first_failure != nullptr) {
    held.respond(errorResponse(batchNotWritten(first_failure->code, first_failure->message)));
    return;
  }

  auto response = jsonResponse(200, renderBatch(batchResults(held.body.items, outcomes)));
  if (first_failure != nullptr) setRetryAfter(response, retryAfterFor(first_failure->code));
  held.respond(std::move(response));
}

}  // namespace tracker::event_producer
