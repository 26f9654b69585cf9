#pragma once

// Reads user_behavior_event for the read API: one event by id, and a user's events newest first
// with keyset pagination on the index (user_id, event_time desc, event_id desc).
//
// A small pool of read-only connections of its own (postgres::Pool; the sink's connection belongs
// to the consumer thread): HTTP handlers run on several threads, each leases one connection per
// request. The pool's retry-once rule makes a PostgreSQL restart cost no error once the server is
// back. Every value reaches the server as a parameter ($1, $2, …), never spliced into the SQL
// text.

#include "common/result.h"
#include "page_cursor.h"
#include "postgres/pool.h"
#include "read_params.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_consumer {

/// No DSN was configured for this instance (TRACKER_PG_DSN unset).
inline constexpr std::string_view kPostgresNotConfigured = "postgres.not_configured";

/// One row of user_behavior_event.
struct StoredEvent {
  std::string event_id;
  std::string event_type;
  std::string user_id;
  std::optional<std::string> target_user_id;
  /// event_time, microseconds since the epoch.
  std::int64_t event_time_micros = 0;
  std::optional<std::string> device_type;
  std::optional<std::string> source_channel;
  /// The jsonb as text.
  std::string extra_data_json = "{}";
  int kafka_partition = 0;
  std::int64_t kafka_offset = 0;
  int schema_id = 0;
  std::int64_t ingested_at_micros = 0;

  friend bool operator==(const StoredEvent&, const StoredEvent&) = default;
};

/// One page of a user's events.
struct UserEventsPage {
  std::vector<StoredEvent> events;
  /// Set when more rows follow: the cursor of the last event of this page.
  std::optional<PageCursor> next;
};

/// SQL text and its parameters, in placeholder order ($1 is params[0]).
struct SqlStatement {
  std::string text;
  std::vector<std::string> params;
};

/// The statement behind EventReader::userEvents: the conditions the query asks for, newest first,
/// limit + 1 rows (the extra row only tells whether another page follows). Pure.
SqlStatement userEventsStatement(const UserEventsQuery& query);

/// Thread-safe.
class EventReader {
 public:
  /// `dsn`: a libpq connection string or URI; empty → every read fails with
  /// kPostgresNotConfigured. Connects lazily, at most `max_connections` connections at once.
  explicit EventReader(std::string dsn, std::size_t max_connections = 2);

  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  /// The event `event_id`, or nullopt when there is none. Errors: kPostgresNotConfigured,
  /// postgres::errc::kUnavailable, "postgres.<SQLSTATE>", postgres::errc::kUnexpectedResult.
  common::Result<std::optional<StoredEvent>> findEvent(const std::string& event_id);

  /// One page of `query.user_id`'s events. Errors as findEvent.
  common::Result<UserEventsPage> userEvents(const UserEventsQuery& query);

 private:
  // Runs `sql` with `params` on a pooled connection.
  common::Result<postgres::QueryResult> run(const std::string& sql,
                                            const std::vector<std::string>& params);

  // Null when no DSN is configured.
  std::unique_ptr<postgres::Pool> pool_;
};

}  // namespace tracker::event_consumer
