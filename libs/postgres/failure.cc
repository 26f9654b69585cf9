#include "postgres/failure.h"

#include "postgres/errors.h"

namespace tracker::postgres {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

bool isOutageState(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state == "57P01" ||
         state == "57P02" || state == "57P03";
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
