#include "postgres/failure.h"

#include "postgres/errors.h"

#include <algorithm>
#include <array>

namespace tracker::postgres {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

bool isOutageState(std::string_view state) {
  // Classes where the server, its state or its set-up is at fault, never one row's data.
  constexpr std::array<std::string_view, 9> kOutageClasses = {"08", "25", "40", "53", "55",
                                                              "57", "58", "F0", "XX"};
  // Of class 42 (syntax or access rule), the ones a deployment causes: the table or a column
  // missing (a migration not applied, a table renamed), the privilege to write it taken away.
  constexpr std::array<std::string_view, 3> kOutageStates = {"42501", "42P01", "42703"};
  const std::string_view state_class = state.substr(0, 2);
  return std::find(kOutageClasses.begin(), kOutageClasses.end(), state_class) !=
             kOutageClasses.end() ||
         std::find(kOutageStates.begin(), kOutageStates.end(), state) != kOutageStates.end();
}

common::Error classifyFailure(const FailureFacts& facts, std::string_view what) {
  std::string message = std::string(what) + ": " + trimmed(facts.message);
  if (!facts.connection_ok || !facts.sqlstate || isOutageState(*facts.sqlstate)) {
    return common::Error{std::string(errc::kUnavailable), std::move(message)};
  }
  return common::Error{std::string(errc::kRefusedPrefix) + *facts.sqlstate, std::move(message)};
}

common::Error classifyFailure(const PGconn* connection, const PGresult* result,
                              std::string_view what) {
  FailureFacts facts;
  facts.connection_ok = connection != nullptr && PQstatus(connection) == CONNECTION_OK;
  if (connection != nullptr) facts.message = PQerrorMessage(connection);
  if (result != nullptr) {
    if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) facts.sqlstate = state;
    if (PQresultErrorMessage(result)[0] != '\0') facts.message = PQresultErrorMessage(result);
  }
  return classifyFailure(facts, what);
}

bool isOutage(const common::Error& error) { return error.code == errc::kUnavailable; }

}  // namespace tracker::postgres
