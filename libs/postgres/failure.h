#pragma once

// The outage rule: which failures of a statement are the infrastructure's (the database cannot take
// work now: reconnect, retry later, answer 503, never blame the data) and which are the
// statement's (the server refused this statement or its data: "postgres.<SQLSTATE>").

#include "common/result.h"

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <string_view>

namespace tracker::postgres {

/// True when SQLSTATE `state` says the server cannot take this work now, for a reason that is not
/// the statement's data: classes 08 (connection), 25 (invalid transaction state: read-only
/// after a switchover, a standby), 40 (serialization failure, deadlock), 53 (insufficient
/// resources), 55 (object not in prerequisite state: lock not available), 57 (operator
/// intervention: shutdown, statement timeout, cancel), 58 (system error: I/O), F0 (configuration
/// file), XX (internal error), and 42501 (privilege), 42P01 (table missing), 42703 (column
/// missing). Data errors (class 22), constraint violations (23) and the rest are refusals.
bool isOutageState(std::string_view state);

/// What a failed statement left behind, read from libpq (or built by tests).
struct FailureFacts {
  /// The connection still reports CONNECTION_OK after the failure.
  bool connection_ok = false;
  /// The SQLSTATE the server sent; nullopt when none came back (libpq failed on its own).
  std::optional<std::string> sqlstate;
  /// The server's or libpq's message (trailing newlines are trimmed).
  std::string message;
};

/// Classifies a failure. errc::kUnavailable when the connection broke, no SQLSTATE came back, or
/// the SQLSTATE is an outage state; otherwise "postgres.<SQLSTATE>". The message is
/// `what` + ": " + the trimmed message. Pure.
common::Error classifyFailure(const FailureFacts& facts, std::string_view what);

/// Reads the facts of a failed statement on `connection` (`result` may be null when libpq
/// returned none; the result's message wins over the connection's) and classifies them.
common::Error classifyFailure(const PGconn* connection, const PGresult* result,
                              std::string_view what);

/// True when `error` is an outage (errc::kUnavailable).
bool isOutage(const common::Error& error);

}  // namespace tracker::postgres
