#include "postgres_connection.h"

#include <array>

namespace tracker::event_consumer {
namespace {

// SQLSTATE classes that mean "the server cannot take work now", not "your data is wrong".
bool isOutageState(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state == "57P01" ||
         state == "57P02" || state == "57P03";
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

bool isPostgresOutage(const common::Error& error) { return error.code == kPostgresUnavailable; }

common::Result<PgConnection> connectPostgres(const std::string& dsn, const char* application_name) {
  const std::array<const char*, 4> keywords = {"dbname", "connect_timeout", "application_name",
                                               nullptr};
  const std::array<const char*, 4> values = {dsn.c_str(), "5", application_name, nullptr};
  PgConnection connection(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
  if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
    std::string why = connection ? trimmed(PQerrorMessage(connection.get())) : "out of memory";
    return common::makeError(std::string(kPostgresUnavailable), "connect: " + why);
  }
  return connection;
}

common::Error postgresFailure(const PGconn* connection, const PGresult* result,
                              std::string_view what) {
  std::string message = connection ? PQerrorMessage(connection) : "";
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (result && PQresultErrorMessage(result)[0] != '\0') message = PQresultErrorMessage(result);
  message = std::string(what) + ": " + trimmed(std::move(message));
  const bool broken = !connection || PQstatus(connection) != CONNECTION_OK;
  if (broken || state == nullptr || isOutageState(state)) {
    return common::Error{std::string(kPostgresUnavailable), std::move(message)};
  }
  return common::Error{"postgres." + std::string(state), std::move(message)};
}

}  // namespace tracker::event_consumer
