#include "postgres/connection.h"

#include "postgres/errors.h"
#include "postgres/failure.h"

namespace tracker::postgres {
namespace {

bool succeeded(const QueryResult& result) {
  return result.status() == PGRES_COMMAND_OK || result.status() == PGRES_TUPLES_OK;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> connectParameters(const ConnectOptions& options) {
  // Defaults first (a value in the connection string, expanded from "dbname", wins): TCP
  // keepalives and a bound on unacknowledged data, so a server that vanished from the network
  // (a black-holed route, a dead host) fails a statement within about 30 s instead of hanging.
  std::vector<std::pair<std::string, std::string>> parameters = {
      {"keepalives", "1"},
      {"keepalives_idle", "10"},
      {"keepalives_interval", "5"},
      {"keepalives_count", "3"},
      {"tcp_user_timeout", "30000"},
      {"dbname", options.connection_string},
      {"connect_timeout", std::to_string(options.connect_timeout_seconds)}};
  if (!options.application_name.empty()) {
    parameters.emplace_back("application_name", options.application_name);
  }
  return parameters;
}

common::Result<Connection> Connection::open(const ConnectOptions& options) {
  const auto parameters = connectParameters(options);
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : parameters) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  Connection connection(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
  if (!connection.healthy()) {
    FailureFacts facts;  // no SQLSTATE: always an outage
    facts.message = connection ? PQerrorMessage(connection.native()) : "out of memory";
    return tl::unexpected(classifyFailure(facts, "connect"));
  }
  return connection;
}

bool Connection::healthy() const { return handle_ && PQstatus(handle_.get()) == CONNECTION_OK; }

bool Connection::inTransaction() const {
  return !handle_ || PQtransactionStatus(handle_.get()) != PQTRANS_IDLE;
}

common::Result<QueryResult> Connection::exec(std::string_view sql, const std::vector<Param>& params,
                                             std::string_view what) {
  if (!handle_)
    return tl::unexpected(classifyFailure(FailureFacts{false, {}, "no connection"}, what));
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params) values.push_back(param ? param->c_str() : nullptr);
  const std::string statement(sql);
  QueryResult result(PQexecParams(handle_.get(), statement.c_str(), static_cast<int>(values.size()),
                                  /*paramTypes=*/nullptr, values.data(), /*paramLengths=*/nullptr,
                                  /*paramFormats=*/nullptr, /*resultFormat=*/0));
  if (!succeeded(result)) return tl::unexpected(classifyFailure(native(), result.native(), what));
  return result;
}

common::Result<void> Connection::execScript(std::string_view sql, std::string_view what) {
  if (!handle_)
    return tl::unexpected(classifyFailure(FailureFacts{false, {}, "no connection"}, what));
  const std::string script(sql);
  QueryResult result(PQexec(handle_.get(), script.c_str()));
  if (!succeeded(result)) return tl::unexpected(classifyFailure(native(), result.native(), what));
  return {};
}

}  // namespace tracker::postgres
