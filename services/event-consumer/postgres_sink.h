#pragma once

// The PostgreSQL sink: batches of events into user_behavior_event, idempotent on event_id.
// One connection, owned by the consumer thread (the staging table is per connection).
//
// Per batch, in one transaction: COPY (text) into a temporary staging table created once per
// connection with ON COMMIT DELETE ROWS, then
//   INSERT INTO user_behavior_event SELECT … FROM staging ON CONFLICT (event_id) DO NOTHING
// so a redelivered record inserts nothing and duplicates inside one batch are harmless.

#include "common/result.h"
#include "postgres/connection.h"
#include "record.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// Not thread-safe: used by the consumer thread only.
class PostgresSink {
 public:
  /// `dsn`: a libpq connection string or URI. Does not connect yet.
  explicit PostgresSink(std::string dsn);

  /// Writes `events` (all or nothing per attempt). Returns how many rows were new. Errors:
  /// postgres::errc::kUnavailable, or "postgres.<SQLSTATE>" when the statement was refused.
  common::Result<std::size_t> write(std::span<const DecodedEvent* const> events);

  /// Writes `events`; when the batch is refused for a reason other than an outage, writes them one
  /// by one to find the refused ones. The outer error is an outage (nothing more can be said); the
  /// inner vector has one entry per event: nullopt when written (or already there), else why not.
  common::Result<std::vector<std::optional<common::Error>>> writeIsolating(
      std::span<const DecodedEvent* const> events);

  /// Connects when needed and runs SELECT 1. Fails with postgres::errc::kUnavailable.
  common::Result<void> probe();

 private:
  common::Result<void> ensureConnected();
  // Runs `sql`, expecting `expected`; on failure returns the classified error (and forgets a
  // broken connection).
  common::Result<std::size_t> run(const char* sql, ExecStatusType expected);
  common::Error failure(const PGresult* result, const std::string& what);

  std::string dsn_;
  postgres::Connection connection_;
};

}  // namespace tracker::event_consumer
