#pragma once

// A bounded pool of connections shared by threads, and the retry-once rule.
//
// Connections are opened on demand, at most `max_connections` at once; a thread leases one
// (waiting a bounded time when all are lent) and gives it back when the Lease is destroyed.
//
// Retry once: a pooled connection can die while it sits idle (PostgreSQL restarted), and nobody
// knows until a statement finds out. Such a statement runs once more on a new connection, when no
// transaction was open on the dead one (so nothing of an earlier statement is lost or repeated).
// A connection opened for the statement that failed is not retried: that is a real outage. After
// any outage the idle connections are dropped too, since they most likely died the same way.

#include "common/result.h"
#include "postgres/connection.h"
#include "postgres/pool_slots.h"
#include "postgres/query_result.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::postgres {

/// How a Pool connects and how large it grows.
struct PoolOptions {
  ConnectOptions connect;
  /// Connections open at once, at most (at least 1).
  std::size_t max_connections = 2;
  /// How long lease() waits for a connection when all are lent.
  std::chrono::milliseconds lease_wait{10000};
  /// Run once on every new connection (simple protocol, several statements allowed); empty: none.
  std::string session_setup;
};

/// The retry-once rule, pure: a statement that failed with `failure` runs once more on a new
/// connection when the failure is an outage, its connection was not opened for it
/// (`connection_was_new` false: it had sat idle in the pool or served earlier statements), and no
/// transaction was open when it started.
bool runsAgainOnNewConnection(const common::Error& failure, bool connection_was_new,
                              bool transaction_was_open);

class Pool;

/// One connection lent by a Pool to one thread; given back when destroyed (dropped instead when
/// it broke or still has a transaction open). The Pool must outlive it.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  /// Runs one statement (Connection::exec) under the retry-once rule (pool.h).
  common::Result<QueryResult> exec(std::string_view sql, const std::vector<Param>& params = {},
                                   std::string_view what = "statement");

 private:
  friend class Pool;
  Lease(Pool& pool, Connection connection, bool fresh);

  Pool* pool_;
  Connection connection_;
  // Opened for this lease and no statement has run on it yet.
  bool fresh_;
};

/// Thread-safe.
class Pool {
 public:
  /// Connects lazily: nothing is opened before the first lease.
  explicit Pool(PoolOptions options);

  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  /// Lends an idle connection, or opens one while below the limit (running the session set-up),
  /// or waits up to lease_wait for one to come back. Errors: errc::kUnavailable (cannot connect,
  /// or every connection stayed busy), or the session set-up's classified failure.
  common::Result<Lease> lease();

  /// Leases a connection and runs one statement on it (Lease::exec, with the retry-once rule).
  common::Result<QueryResult> run(std::string_view sql, const std::vector<Param>& params = {},
                                  std::string_view what = "statement");

  /// Connections that exist (idle, lent or being opened) and those idle; for tests and status.
  struct Counts {
    std::size_t open = 0;
    std::size_t idle = 0;
  };
  Counts counts() const;

 private:
  friend class Lease;

  // Opens a connection and runs the session set-up; takes no slot (the caller holds one).
  common::Result<Connection> connect() const;
  // Takes a lent connection back, or frees its slot when it is not fit for reuse.
  void giveBack(Connection connection);
  // After an outage: the idle connections most likely died too.
  void dropIdle();

  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  PoolSlots<Connection> slots_;  // guarded by mutex_
};

}  // namespace tracker::postgres
