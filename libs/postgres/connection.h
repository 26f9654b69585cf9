#pragma once

// An owned libpq connection (PGconn, closed with PQfinish): opening it with this project's
// connect options, and running statements whose failures come back classified (failure.h).
// One thread at a time; Pool (pool.h) hands connections to threads.

#include "common/result.h"
#include "postgres/query_result.h"

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracker::postgres {

/// How to reach the database.
struct ConnectOptions {
  /// A libpq connection string ("host=… dbname=…") or URI ("postgresql://user@host:port/db").
  std::string connection_string;
  /// Shown in pg_stat_activity; overrides one given in the connection string. Empty: none.
  std::string application_name;
  /// Bounds each connection attempt; overrides one given in the connection string, so no caller
  /// hangs longer on an unreachable host.
  int connect_timeout_seconds = 5;
};

/// The keyword/value pairs handed to PQconnectdbParams (with expand_dbname): TCP keepalive and
/// tcp_user_timeout (30 s) defaults first, then the connection string, as "dbname", which libpq
/// expands into its parameters (overriding those defaults), then the options that override it
/// (libpq keeps the last value of a repeated keyword). Pure.
std::vector<std::pair<std::string, std::string>> connectParameters(const ConnectOptions& options);

/// A statement parameter as text; nullopt is SQL NULL.
using Param = std::optional<std::string>;

/// Owns one PGconn.
class Connection {
 public:
  /// Holds no connection.
  Connection() = default;

  /// Opens a connection. Errors: errc::kUnavailable ("connect: <libpq's reason>"), whatever the
  /// reason (unreachable host, refused password, unknown database): the caller cannot fix any of
  /// them by changing a statement.
  static common::Result<Connection> open(const ConnectOptions& options);

  /// True when a connection is held (healthy or not).
  explicit operator bool() const { return handle_ != nullptr; }

  /// The last known state is CONNECTION_OK. A connection whose server went away while it was idle
  /// still reports OK until a statement finds out.
  bool healthy() const;

  /// A transaction block is open on it, or its state is unknown because it broke.
  bool inTransaction() const;

  /// The libpq connection, for calls this class does not wrap (COPY); still owned here.
  PGconn* native() const { return handle_.get(); }

  /// Runs one statement (extended protocol: $1, $2, … are `params`, sent as text, never spliced
  /// into the SQL) and expects rows or a completed command. Errors: classifyFailure(…, `what`).
  common::Result<QueryResult> exec(std::string_view sql, const std::vector<Param>& params = {},
                                   std::string_view what = "statement");

  /// Runs `sql` with the simple protocol: several statements separated by ';', no parameters
  /// (session set-up). Errors: classifyFailure(…, `what`).
  common::Result<void> execScript(std::string_view sql, std::string_view what);

 private:
  explicit Connection(PGconn* connection) : handle_(connection) {}

  struct Closer {
    void operator()(PGconn* connection) const { PQfinish(connection); }
  };
  std::unique_ptr<PGconn, Closer> handle_;
};

}  // namespace tracker::postgres
