#pragma once

// An owned libpq result (PGresult, freed with PQclear) and typed reads of its values. Values come
// back in text format, as every statement of this project asks for them.

#include "common/result.h"

#include <libpq-fe.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tracker::postgres {

/// Owns one PGresult. Row and column indexes must be in range (libpq answers "" / NULL otherwise).
class QueryResult {
 public:
  /// Holds no result.
  QueryResult() = default;
  /// Takes ownership of `result` (may be null: libpq returns null when out of memory).
  explicit QueryResult(PGresult* result) : handle_(result) {}

  /// True when a result is held.
  explicit operator bool() const { return handle_ != nullptr; }

  /// The libpq result, for calls this class does not wrap; still owned here.
  PGresult* native() const { return handle_.get(); }

  /// The result's status; PGRES_FATAL_ERROR when none is held.
  ExecStatusType status() const;

  int rowCount() const;
  int columnCount() const;

  /// The value as text; nullopt for SQL NULL.
  std::optional<std::string> value(int row, int column) const;

  /// The value as text; "" for SQL NULL.
  std::string text(int row, int column) const { return value(row, column).value_or(""); }

  /// A boolean column: true only for "t".
  bool boolean(int row, int column) const { return text(row, column) == "t"; }

  /// An integer column. Errors: errc::kUnexpectedResult (naming the column) when the value is NULL
  /// or not an integer.
  common::Result<std::int64_t> integer(int row, int column) const;

  /// Rows an INSERT/UPDATE/DELETE/COPY touched (PQcmdTuples); 0 for other statements.
  std::size_t affectedRows() const;

 private:
  struct Clearer {
    void operator()(PGresult* result) const { PQclear(result); }
  };
  std::unique_ptr<PGresult, Clearer> handle_;
};

}  // namespace tracker::postgres
