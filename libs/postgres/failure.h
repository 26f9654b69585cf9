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

/// True when SQLSTATE `state` says the server cannot take work now rather than that the statement
/// was refused: class 08 (connection exception), class 53 (insufficient resources), 57P01
/// (admin_shutdown), 57P02 (crash_shutdown), 57P03 (cannot_connect_now).
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
