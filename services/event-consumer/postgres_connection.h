#pragma once

// libpq handles as RAII types, connecting, and the classification of a failed statement into an
// outage (reconnect, probe, answer 503) or a refusal ("postgres.<SQLSTATE>"). Shared by the sink
// (postgres_sink.h, consumer thread) and the read API (event_reader.h, HTTP threads).

#include "common/result.h"

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// Error code of an outage: no connection, connection lost, server shutting down or out of
/// resources. The consumer pauses and probes; it never dead-letters for this.
inline constexpr std::string_view kPostgresUnavailable = "postgres.unavailable";

/// True when `error` means the database is unreachable rather than that the statement or the data
/// was refused.
bool isPostgresOutage(const common::Error& error);

/// Closes a connection (PQfinish).
struct PgConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
/// An owned libpq connection.
using PgConnection = std::unique_ptr<PGconn, PgConnectionCloser>;

/// Frees a result (PQclear).
struct PgResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
/// An owned libpq result.
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

/// Opens a connection to `dsn` (a libpq connection string or URI) with a 5 s connect timeout,
/// announcing `application_name`. Fails with kPostgresUnavailable.
common::Result<PgConnection> connectPostgres(const std::string& dsn, const char* application_name);

/// Classifies the failure of a statement run on `connection` (`result` may be null when libpq
/// returned none): kPostgresUnavailable when the connection is broken, no SQLSTATE came back, or
/// the SQLSTATE is of an outage class (08 connection, 53 resources, 57P01-57P03 shutdown);
/// otherwise "postgres.<SQLSTATE>". The message is `what` + ": " + the server's message. After an
/// outage the caller must drop the connection and reconnect on next use.
common::Error postgresFailure(const PGconn* connection, const PGresult* result,
                              std::string_view what);

}  // namespace tracker::event_consumer
