#pragma once

// Which dead letters a list, a replay or a discard by filter means: the same names in the query
// string (GET /api/dead-letters?status=new&stage=postgres) and in a JSON body ({"filter":{…}}),
// turned into one SQL condition with bound parameters (never spliced text). Pure.

#include "common/result.h"
#include "http_server/request.h"
#include "postgres/connection.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace tracker::event_dlt_monitor {

/// The statuses a row can have, in lifecycle order.
inline const std::vector<std::string>& statusNames() {
  static const std::vector<std::string> kNames = {"new", "replaying", "replayed", "discarded",
                                                  "parked"};
  return kNames;
}

/// Every field is optional; set fields must all match.
struct Filter {
  std::optional<std::string> status;
  std::optional<std::string> stage;
  std::optional<std::string> error_code;
  std::optional<std::string> group;
  std::optional<std::string> user_id;
  std::optional<std::string> event_type;
  /// RFC 3339 bounds on first_seen, as given (PostgreSQL parses them; checked here for shape).
  std::optional<std::string> since;
  std::optional<std::string> until;
};

/// A SQL condition over table alias `d` and its parameters, numbered from `first_param`.
struct SqlCondition {
  std::string sql;  ///< "true" when the filter is empty
  std::vector<postgres::Param> params;
};

/// Reads the filter from query parameters. Errors (bad_request): an unknown status, a time that
/// is not RFC 3339.
common::Result<Filter> filterFromQuery(const http_server::Request& request);

/// Reads the filter from a JSON object (absent or null: empty filter). Errors: not an object, a
/// field that is not a string, an unknown field, or what filterFromQuery refuses.
common::Result<Filter> filterFromJson(const nlohmann::json& json);

/// The condition and its parameters.
SqlCondition toSql(const Filter& filter, int first_param);

/// The filter as JSON (what an action by filter echoes and audits).
nlohmann::json toJson(const Filter& filter);

}  // namespace tracker::event_dlt_monitor
