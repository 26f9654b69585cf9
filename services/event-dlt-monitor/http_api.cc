#include "http_api.h"

#include "common/base64.h"
#include "common/parse.h"
#include "errors.h"
#include "header_view.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <type_traits>
#include <variant>

namespace tracker::event_dlt_monitor {
namespace {

using http_server::Method;
using http_server::PathParams;
using http_server::Request;
using http_server::Response;

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;
constexpr std::size_t kSampleSize = 10;
const std::vector<std::string> kActionable = {"new", "parked"};

Response fail(ErrorCode code, std::string message) {
  return http_server::errorResponse(apiError(code, std::move(message)));
}

Response failStore(const common::Error& error) {
  return http_server::errorResponse(fromStoreError(error));
}

Response json(int status, const nlohmann::json& body) {
  return http_server::jsonResponse(
      status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// A list of JSON texts made by PostgreSQL, as a JSON array, without parsing them.
std::string jsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  return out + "]";
}

common::Result<std::int64_t> positiveId(std::string_view text, std::string_view what) {
  auto value = common::parseInt64(text);
  if (!value || *value <= 0) {
    return common::makeError("bad_request", std::string(what) + " must be a positive integer");
  }
  return *value;
}

// The body as a JSON object (empty body: empty object).
common::Result<nlohmann::json> bodyObject(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return common::makeError("bad_request", "the body must be a JSON object");
  }
  return body;
}

// An optional field of type T, or a bad_request naming it.
template <typename T>
common::Result<std::optional<T>> field(const nlohmann::json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  const auto& value = body[name];
  if constexpr (std::is_same_v<T, bool>) {
    if (value.is_boolean()) return value.get<bool>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (value.is_string()) return value.get<std::string>();
  } else {
    if (value.is_number_integer()) return value.get<T>();
  }
  return common::makeError("bad_request", std::string("\"") + name + "\" has the wrong type");
}

// A reason worth recording: present and not blank.
std::optional<std::string> reasonOf(const std::optional<std::string>& reason) {
  if (!reason) return std::nullopt;
  if (std::all_of(reason->begin(), reason->end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
    return std::nullopt;
  }
  return reason;
}

class Api {
 public:
  explicit Api(const ApiDependencies& deps) : deps_(deps) {}

  // Who may act: the admin key's name, or the error to answer.
  std::variant<std::string, Response> actor(const Request& request) const {
    const http_server::KeyCheck check = deps_.auth->check(request);
    switch (check.verdict) {
      case http_server::KeyVerdict::kAllowed:
        return check.actor;
      case http_server::KeyVerdict::kMissing:
        return fail(ErrorCode::kUnauthorized,
                    "replay and discard need an admin key (X-API-Key or HTTP Basic)");
      case http_server::KeyVerdict::kWrong:
        return fail(ErrorCode::kForbidden, "this key may not replay or discard dead letters");
    }
    return fail(ErrorCode::kForbidden, "forbidden");
  }

  Response list(const Request& request) const {
    auto filter = filterFromQuery(request);
    if (!filter) return fail(ErrorCode::kBadRequest, filter.error().message);
    int limit = kDefaultLimit;
    if (auto text = request.queryParam("limit")) {
      auto value = common::parseInt64(*text);
      if (!value || *value < 1 || *value > kMaxLimit) {
        return fail(ErrorCode::kBadRequest, "limit must be 1.." + std::to_string(kMaxLimit));
      }
      limit = static_cast<int>(*value);
    }
    std::optional<std::int64_t> cursor;
    if (auto text = request.queryParam("cursor"); text && !text->empty()) {
      auto value = positiveId(*text, "cursor");
      if (!value) return fail(ErrorCode::kBadRequest, value.error().message);
      cursor = *value;
    }
    auto page = deps_.store->list(*filter, limit, cursor);
    if (!page) return failStore(page.error());
    std::string body = "{\"items\":" + jsonArray(page->items) + ",\"next_cursor\":";
    body += page->next_cursor ? "\"" + std::to_string(*page->next_cursor) + "\"" : "null";
    return http_server::jsonResponse(200, body + "}");
  }

  Response detail(const PathParams& params) const {
    auto id = positiveId(params[0], "id");
    if (!id) return fail(ErrorCode::kBadRequest, id.error().message);
    auto found = deps_.store->get(*id);
    if (!found) return failStore(found.error());
    if (!*found) return notFound(*id);
    auto& detail = **found;
    nlohmann::json body = std::move(detail.item);
    body["key_base64"] = detail.key ? nlohmann::json(common::base64Encode(*detail.key)) : nullptr;
    body["value_base64"] =
        detail.value ? nlohmann::json(common::base64Encode(*detail.value)) : nullptr;
    body["headers"] = headersForDisplay(headersFromStorage(detail.stored_headers));
    body.update(deps_.view->describe(detail.key, detail.value));
    return json(200, body);
  }

  Response summary() const {
    auto summary = deps_.store->summary();
    if (!summary) return failStore(summary.error());
    return json(200, *summary);
  }

  // POST /api/dead-letters/{id}/replay|discard: who acts on which row, and why; or the answer
  // that refuses it (401/403, 400, 404, 409).
  struct ActionOnOne {
    std::int64_t id = 0;
    std::string actor;
    std::optional<std::string> reason;
  };
  std::variant<ActionOnOne, Response> actionOnOne(const Request& request, const PathParams& params,
                                                  bool reason_required) const {
    auto who = actor(request);
    if (auto* denied = std::get_if<Response>(&who)) return *denied;
    auto id = positiveId(params[0], "id");
    if (!id) return fail(ErrorCode::kBadRequest, id.error().message);
    auto body = bodyObject(request);
    if (!body) return fail(ErrorCode::kBadRequest, body.error().message);
    auto reason = field<std::string>(*body, "reason");
    if (!reason) return fail(ErrorCode::kBadRequest, reason.error().message);
    auto given = reasonOf(*reason);
    if (reason_required && !given) return reasonRequired();
    if (auto refused = checkActionable(*id)) return *refused;
    return ActionOnOne{*id, std::get<std::string>(who), std::move(given)};
  }

  Response replayOne(const Request& request, const PathParams& params) const {
    auto action = actionOnOne(request, params, /*reason_required=*/false);
    if (auto* refused = std::get_if<Response>(&action)) return *refused;
    const auto& [id, actor_name, reason] = std::get<ActionOnOne>(action);
    auto outcome = deps_.replayer->replay({id}, actor_name, reason, deps_.config->replay_rate);
    if (!outcome) return failStore(outcome.error());
    if (!outcome->failed.empty()) {
      return fail(ErrorCode::kKafkaUnavailable,
                  "the replay was not acknowledged by Kafka: " + outcome->failed.front().second);
    }
    if (outcome->replayed.empty()) return invalidStatus(id, "changed meanwhile");
    const ReplayReceipt& receipt = outcome->replayed.front();
    return json(200, {{"id", id},
                      {"action", "replay"},
                      {"status", "replayed"},
                      {"replayed_to",
                       {{"topic", receipt.replayed_to.topic},
                        {"partition", receipt.replayed_to.partition},
                        {"offset", receipt.replayed_to.offset}}},
                      {"replay_count", receipt.replay_count}});
  }

  Response discardOne(const Request& request, const PathParams& params) const {
    auto action = actionOnOne(request, params, /*reason_required=*/true);
    if (auto* refused = std::get_if<Response>(&action)) return *refused;
    const auto& [id, actor_name, reason] = std::get<ActionOnOne>(action);
    auto discarded = deps_.store->discard({id}, actor_name, *reason);
    if (!discarded) return failStore(discarded.error());
    if (discarded->empty()) return invalidStatus(id, "changed meanwhile");
    deps_.metrics->countDiscards(1);
    return json(200,
                {{"id", id}, {"action", "discard"}, {"status", "discarded"}, {"reason", *reason}});
  }

  // POST /api/dead-letters/replay and /discard:
  // {"filter","dry_run","max","rate_per_second","reason"}.
  Response byFilter(const Request& request, bool replay) const {
    auto who = actor(request);
    if (auto* denied = std::get_if<Response>(&who)) return *denied;
    auto body = bodyObject(request);
    if (!body) return fail(ErrorCode::kBadRequest, body.error().message);
    for (const auto& [name, value] : body->items()) {
      static const std::vector<std::string> kKnown = {"filter", "dry_run", "max", "rate_per_second",
                                                      "reason"};
      if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end() ||
          (!replay && name == "rate_per_second")) {
        return fail(ErrorCode::kBadRequest, "unknown field \"" + name + "\"");
      }
    }
    auto filter = filterFromJson(body->contains("filter") ? (*body)["filter"] : nlohmann::json());
    if (!filter) return fail(ErrorCode::kBadRequest, filter.error().message);
    auto dry_run = field<bool>(*body, "dry_run");
    auto max = field<std::int64_t>(*body, "max");
    auto rate = field<std::int64_t>(*body, "rate_per_second");
    auto reason = field<std::string>(*body, "reason");
    for (const common::Error* error :
         {dry_run ? nullptr : &dry_run.error(), max ? nullptr : &max.error(),
          rate ? nullptr : &rate.error(), reason ? nullptr : &reason.error()}) {
      if (error != nullptr) return fail(ErrorCode::kBadRequest, error->message);
    }
    const int cap = deps_.config->replay_cap;
    if (*max && (**max < 1 || **max > cap)) {
      return fail(ErrorCode::kBadRequest,
                  "max must be 1.." + std::to_string(cap) + " (TRACKER_DLT_REPLAY_CAP)");
    }
    if (*rate && (**rate < 1 || **rate > kMaxReplayRate)) {
      return fail(ErrorCode::kBadRequest,
                  "rate_per_second must be 1.." + std::to_string(kMaxReplayRate));
    }
    const bool is_dry_run = dry_run->value_or(false);
    const auto given = reasonOf(*reason);
    if (!replay && !is_dry_run && !given) return reasonRequired();
    const int limit = static_cast<int>(max->value_or(cap));
    auto selection = deps_.store->select(*filter, kActionable, limit);
    if (!selection) return failStore(selection.error());
    nlohmann::json answer = {{"action", replay ? "replay" : "discard"},
                             {"filter", toJson(*filter)},
                             {"dry_run", is_dry_run},
                             {"matched", selection->matched}};
    if (is_dry_run) {
      const std::vector<std::int64_t> sample_ids(
          selection->ids.begin(),
          selection->ids.begin() +
              static_cast<std::ptrdiff_t>(std::min(kSampleSize, selection->ids.size())));
      auto sample = deps_.store->items(sample_ids);
      if (!sample) return failStore(sample.error());
      answer[replay ? "would_replay" : "would_discard"] = selection->ids.size();
      answer["sample"] = nlohmann::json::parse(jsonArray(*sample));
      return json(200, answer);
    }
    const std::string actor_name = std::get<std::string>(who);
    if (!replay) {
      auto discarded = deps_.store->discard(selection->ids, actor_name, *given);
      if (!discarded) return failStore(discarded.error());
      deps_.metrics->countDiscards(discarded->size());
      answer["discarded"] = discarded->size();
      answer["failed"] = 0;  // a discard is one statement: all or nothing
      answer["skipped"] = selection->ids.size() - discarded->size();  // changed meanwhile
      answer["ids"] = *discarded;
      return json(200, answer);
    }
    const int rate_per_second = static_cast<int>(rate->value_or(deps_.config->replay_rate));
    auto outcome = deps_.replayer->replay(selection->ids, actor_name, given, rate_per_second);
    if (!outcome) return failStore(outcome.error());
    std::vector<std::int64_t> replayed_ids;
    for (const auto& receipt : outcome->replayed) replayed_ids.push_back(receipt.id);
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& [id, why] : outcome->failed) failures.push_back({{"id", id}, {"error", why}});
    answer["replayed"] = replayed_ids.size();
    answer["failed"] = outcome->failed.size();
    answer["skipped"] = outcome->skipped.size();
    answer["ids"] = replayed_ids;
    answer["failures"] = failures;
    answer["rate_per_second"] = rate_per_second;
    return json(200, answer);
  }

  Response ready() const {
    std::vector<std::string> reasons;
    if (auto pinged = deps_.store->ping(); !pinged) {
      reasons.push_back("postgres: " + pinged.error().message);
    }
    if (!deps_.reader->running) reasons.emplace_back("the DLT reader is not running");
    if (deps_.reader->store_failing) reasons.emplace_back("dead letters cannot be stored now");
    return http_server::readinessResponse(reasons, 5);
  }

 private:
  // nullopt when `id` may be acted on; else the 404 or 409 answer.
  std::optional<Response> checkActionable(std::int64_t id) const {
    auto status = deps_.store->status(id);
    if (!status) return failStore(status.error());
    if (!*status) return notFound(id);
    if (**status != "new" && **status != "parked") return invalidStatus(id, "is " + **status);
    return std::nullopt;
  }

  static Response notFound(std::int64_t id) {
    return fail(ErrorCode::kDeadLetterNotFound, "no dead letter " + std::to_string(id));
  }
  static Response invalidStatus(std::int64_t id, const std::string& why) {
    return fail(ErrorCode::kInvalidStatus, "dead letter " + std::to_string(id) + " " + why +
                                               "; only new and parked ones can be replayed or "
                                               "discarded");
  }
  static Response reasonRequired() {
    return fail(ErrorCode::kReasonRequired, "a discard needs a \"reason\" (it is audited)");
  }

  ApiDependencies deps_;
};

}  // namespace

std::unique_ptr<http_server::Router> makeHttpApi(const ApiDependencies& deps) {
  auto router = std::make_unique<http_server::Router>(
      http_server::errorResponse(
          apiError(ErrorCode::kNotFound, "no such route; see GET /openapi.json")),
      http_server::errorResponse(
          apiError(ErrorCode::kMethodNotAllowed, "this route does not take that method")));
  auto api = std::make_shared<Api>(deps);
  router->add(Method::kGet, "/api/dead-letters",
              [api](const Request& r, const PathParams&) { return api->list(r); });
  router->add(Method::kGet, "/api/dead-letters/summary",
              [api](const Request&, const PathParams&) { return api->summary(); });
  router->add(Method::kGet, "/api/dead-letters/{id}",
              [api](const Request&, const PathParams& p) { return api->detail(p); });
  router->add(Method::kPost, "/api/dead-letters/replay",
              [api](const Request& r, const PathParams&) { return api->byFilter(r, true); });
  router->add(Method::kPost, "/api/dead-letters/discard",
              [api](const Request& r, const PathParams&) { return api->byFilter(r, false); });
  router->add(Method::kPost, "/api/dead-letters/{id}/replay",
              [api](const Request& r, const PathParams& p) { return api->replayOne(r, p); });
  router->add(Method::kPost, "/api/dead-letters/{id}/discard",
              [api](const Request& r, const PathParams& p) { return api->discardOne(r, p); });
  router->add(Method::kGet, "/metrics",
              [metrics = deps.metrics](const Request&, const PathParams&) {
                Response response{200, "text/plain; version=0.0.4", metrics->render(), {}};
                return response;
              });
  router->add(Method::kGet, "/health/live", [](const Request&, const PathParams&) {
    return http_server::jsonResponse(200, R"({"status":"live"})");
  });
  router->add(Method::kGet, "/health/ready",
              [api](const Request&, const PathParams&) { return api->ready(); });
  router->add(Method::kGet, "/api/console/state",
              [console = deps.console](const Request&, const PathParams&) {
                return http_server::jsonResponse(200, console->render());
              });
  const auto file = [&router](std::string_view path, std::string content_type,
                              std::string_view (*content)()) {
    router->add(Method::kGet, path, [content_type, content](const Request&, const PathParams&) {
      return Response{200, content_type, std::string(content()), {{"Cache-Control", "no-cache"}}};
    });
  };
  file("/console", "text/html; charset=utf-8", consoleHtml);
  file("/console/console.js", "text/javascript; charset=utf-8", consoleScript);
  file("/console/console.css", "text/css; charset=utf-8", consoleStyle);
  router->add(Method::kGet, "/openapi.json", [](const Request&, const PathParams&) {
    return http_server::jsonResponse(200, std::string(openApiDocument()));
  });
  return router;
}

}  // namespace tracker::event_dlt_monitor
