#include "filter.h"

#include <algorithm>
#include <regex>
#include <utility>

namespace tracker::event_dlt_monitor {
namespace {

using Field = std::optional<std::string> Filter::*;

struct FieldSpec {
  const char* name;
  Field field;
  const char* column;  // compared with =, or a time bound
};

const std::vector<FieldSpec>& fieldSpecs() {
  static const std::vector<FieldSpec> kSpecs = {
      {"status", &Filter::status, "d.status"},
      {"stage", &Filter::stage, "d.stage"},
      {"error_code", &Filter::error_code, "d.error_code"},
      {"group", &Filter::group, "d.consumer_group"},
      {"user_id", &Filter::user_id, "d.user_id"},
      {"event_type", &Filter::event_type, "d.event_type"},
      {"since", &Filter::since, "d.first_seen >="},
      {"until", &Filter::until, "d.first_seen <"},
  };
  return kSpecs;
}

common::Error badRequest(std::string message) {
  return common::Error{"bad_request", std::move(message)};
}

bool isRfc3339(const std::string& text) {
  static const std::regex kPattern(
      R"(^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$)");
  return std::regex_match(text, kPattern);
}

common::Result<Filter> checked(Filter filter) {
  if (filter.status) {
    const auto& names = statusNames();
    if (std::find(names.begin(), names.end(), *filter.status) == names.end()) {
      return tl::unexpected(
          badRequest("status must be one of new, replaying, replayed, "
                     "discarded, parked; got \"" +
                     *filter.status + "\""));
    }
  }
  for (const auto* bound : {&filter.since, &filter.until}) {
    if (*bound && !isRfc3339(**bound)) {
      return tl::unexpected(
          badRequest("since/until must be RFC 3339 times, e.g. "
                     "2026-12-01T10:00:00Z; got \"" +
                     **bound + "\""));
    }
  }
  return filter;
}

}  // namespace

common::Result<Filter> filterFromQuery(const http_server::Request& request) {
  Filter filter;
  for (const FieldSpec& spec : fieldSpecs()) {
    if (auto value = request.queryParam(spec.name); value && !value->empty()) {
      filter.*spec.field = std::move(*value);
    }
  }
  return checked(std::move(filter));
}

common::Result<Filter> filterFromJson(const nlohmann::json& json) {
  Filter filter;
  if (json.is_null()) return filter;
  if (!json.is_object()) return tl::unexpected(badRequest("filter must be a JSON object"));
  for (const auto& item : json.items()) {
    const std::string& name = item.key();
    const auto& value = item.value();
    const auto spec = std::find_if(fieldSpecs().begin(), fieldSpecs().end(),
                                   [&](const FieldSpec& s) { return name == s.name; });
    if (spec == fieldSpecs().end()) {
      return tl::unexpected(badRequest("unknown filter field \"" + name +
                                       "\" (status, stage, error_code, group, user_id, "
                                       "event_type, since, until)"));
    }
    if (value.is_null()) continue;
    if (!value.is_string()) {
      return tl::unexpected(badRequest("filter field \"" + name + "\" must be a string"));
    }
    filter.*spec->field = value.get<std::string>();
  }
  return checked(std::move(filter));
}

SqlCondition toSql(const Filter& filter, int first_param) {
  SqlCondition condition;
  std::string sql;
  int next = first_param;
  for (const FieldSpec& spec : fieldSpecs()) {
    const auto& value = filter.*spec.field;
    if (!value) continue;
    if (!sql.empty()) sql += " and ";
    const std::string column = spec.column;
    const bool is_bound = column.back() == '=' || column.back() == '<';
    sql += is_bound ? column + " $" + std::to_string(next) + "::timestamptz"
                    : column + " = $" + std::to_string(next);
    condition.params.emplace_back(*value);
    ++next;
  }
  condition.sql = sql.empty() ? "true" : sql;
  return condition;
}

nlohmann::json toJson(const Filter& filter) {
  nlohmann::json out = nlohmann::json::object();
  for (const FieldSpec& spec : fieldSpecs()) {
    if (const auto& value = filter.*spec.field) out[spec.name] = *value;
  }
  return out;
}

}  // namespace tracker::event_dlt_monitor
