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
#include "sink.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tracker::event_consumer {

/// Not thread-safe: used by the consumer thread only.
class PostgresSink final : public Sink {
 public:
  /// `dsn`: a libpq connection string or URI. Does not connect yet.
  explicit PostgresSink(std::string dsn);

  Dependency dependency() const override { return Dependency::kPostgres; }
  Stage stage() const override { return Stage::kPostgres; }
  /// Every event.
  bool takes(const DecodedEvent& /*event*/) const override { return true; }

  /// Writes `events`; when the batch is refused for a reason other than an outage, writes them one
  /// by one to find the refused ones, which are answered kRetry with "postgres.<SQLSTATE>". The
  /// error is an outage (postgres::errc::kUnavailable).
  common::Result<std::vector<ItemOutcome>> write(
      std::span<const DecodedEvent* const> events) override;

  /// Connects when needed and runs SELECT 1. Fails with postgres::errc::kUnavailable.
  common::Result<void> probe() override;

 private:
  // Writes `events` (all or nothing per attempt). Returns how many rows were new. Errors:
  // postgres::errc::kUnavailable, or "postgres.<SQLSTATE>" when the statement was refused.
  common::Result<std::size_t> writeBatch(std::span<const DecodedEvent* const> events);

  common::Result<void> ensureConnected();
  // Runs `sql`, expecting `expected`; on failure returns the classified error (and forgets a
  // broken connection).
  common::Result<std::size_t> run(const char* sql, ExecStatusType expected);
  common::Error failure(const PGresult* result, const std::string& what);

  std::string dsn_;
  postgres::Connection connection_;
};

}  // namespace tracker::event_consumer
