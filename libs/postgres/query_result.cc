#include "postgres/query_result.h"

#include "common/parse.h"
#include "postgres/errors.h"

namespace tracker::postgres {

ExecStatusType QueryResult::status() const {
  return handle_ ? PQresultStatus(handle_.get()) : PGRES_FATAL_ERROR;
}

int QueryResult::rowCount() const { return handle_ ? PQntuples(handle_.get()) : 0; }

int QueryResult::columnCount() const { return handle_ ? PQnfields(handle_.get()) : 0; }

std::optional<std::string> QueryResult::value(int row, int column) const {
  if (!handle_ || PQgetisnull(handle_.get(), row, column)) return std::nullopt;
  return std::string(PQgetvalue(handle_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(handle_.get(), row, column)));
}

common::Result<std::int64_t> QueryResult::integer(int row, int column) const {
  const auto text = value(row, column);
  auto number = common::parseInt64(text.value_or(""));
  if (!text || !number) {
    const char* name = handle_ ? PQfname(handle_.get(), column) : nullptr;
    return common::makeError(
        std::string(errc::kUnexpectedResult),
        std::string("column ") + (name ? name : std::to_string(column)) + " is not a number");
  }
  return *number;
}

std::size_t QueryResult::affectedRows() const {
  const char* tuples = handle_ ? PQcmdTuples(handle_.get()) : nullptr;
  if (tuples == nullptr || tuples[0] == '\0') return 0;
  const auto count = common::parseInt64(tuples);
  return count && *count > 0 ? static_cast<std::size_t>(*count) : 0;
}

}  // namespace tracker::postgres
