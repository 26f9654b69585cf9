#include "postgres_sink.h"

#include "common/parse.h"
#include "copy_format.h"
#include "postgres/errors.h"
#include "postgres/failure.h"

#include <string_view>

namespace tracker::event_consumer {
namespace {

constexpr const char* kCreateStaging =
    "CREATE TEMP TABLE IF NOT EXISTS event_staging ("
    " event_id text, event_type text, user_id text, target_user_id text, event_time_ms bigint,"
    " device_type text, source_channel text, extra_data text, kafka_partition integer,"
    " kafka_offset bigint, schema_id integer) ON COMMIT DELETE ROWS";

// Rows go in by event_id: two groups (or a replay) writing the same events then take the key's
// locks in one order and wait for each other instead of deadlocking (40P01, an outage pause).
constexpr const char* kInsertFromStaging =
    "INSERT INTO user_behavior_event (event_id, event_type, user_id, target_user_id, event_time,"
    " device_type, source_channel, extra_data, kafka_partition, kafka_offset, schema_id)"
    " SELECT event_id, event_type, user_id, target_user_id, to_timestamp(event_time_ms / 1000.0),"
    " device_type, source_channel, extra_data::jsonb, kafka_partition, kafka_offset, schema_id"
    " FROM event_staging ORDER BY event_id ON CONFLICT (event_id) DO NOTHING";

constexpr const char* kWritableProbe =
    "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'"
    " AND has_table_privilege('user_behavior_event', 'INSERT')";

}  // namespace

PostgresSink::PostgresSink(std::string dsn) : dsn_(std::move(dsn)) {}

common::Result<void> PostgresSink::ensureConnected() {
  if (connection_.healthy()) return {};
  connection_ = {};
  auto connection = postgres::Connection::open({dsn_, "event-consumer"});
  if (!connection) return tl::unexpected(connection.error());
  connection_ = std::move(*connection);
  auto created = run(kCreateStaging, PGRES_COMMAND_OK);
  if (!created) return tl::unexpected(created.error());
  return {};
}

common::Error PostgresSink::failure(const PGresult* result, const std::string& what) {
  common::Error error = postgres::classifyFailure(connection_.native(), result, what);
  if (postgres::isOutage(error)) connection_ = {};  // reconnect on the next use
  return error;
}

common::Result<std::size_t> PostgresSink::run(const char* sql, ExecStatusType expected) {
  postgres::QueryResult result(PQexec(connection_.native(), sql));
  if (!result || PQresultStatus(result.native()) != expected) {
    return tl::unexpected(failure(result.native(), std::string(sql).substr(0, 40)));
  }
  const char* tuples = PQcmdTuples(result.native());
  if (tuples == nullptr || tuples[0] == '\0') return 0;
  auto count = common::parseInt64(tuples);
  return count ? static_cast<std::size_t>(*count) : 0;
}

common::Result<std::size_t> PostgresSink::writeBatch(std::span<const DecodedEvent* const> events) {
  if (events.empty()) return 0;
  if (auto connected = ensureConnected(); !connected) return tl::unexpected(connected.error());
  std::string copy_text;
  copy_text.reserve(events.size() * 256);
  for (const DecodedEvent* event : events) appendCopyRow(copy_text, *event);

  const auto abort = [this](common::Error error) -> common::Result<std::size_t> {
    if (connection_) postgres::QueryResult(PQexec(connection_.native(), "ROLLBACK"));
    return tl::unexpected(std::move(error));
  };
  if (auto begun = run("BEGIN", PGRES_COMMAND_OK); !begun) return abort(begun.error());
  const std::string copy_sql = "COPY event_staging (" + std::string(kCopyColumns) + ") FROM STDIN";
  postgres::QueryResult copy(PQexec(connection_.native(), copy_sql.c_str()));
  if (!copy || PQresultStatus(copy.native()) != PGRES_COPY_IN) {
    return abort(failure(copy.native(), "COPY"));
  }
  const int copy_size = static_cast<int>(copy_text.size());
  if (PQputCopyData(connection_.native(), copy_text.data(), copy_size) != 1 ||
      PQputCopyEnd(connection_.native(), nullptr) != 1) {
    return abort(failure(nullptr, "COPY data"));
  }
  // The COPY's own result, then the null that ends it.
  postgres::QueryResult copied(PQgetResult(connection_.native()));
  while (postgres::QueryResult extra{PQgetResult(connection_.native())}) {
  }
  if (!copied || PQresultStatus(copied.native()) != PGRES_COMMAND_OK) {
    return abort(failure(copied.native(), "COPY"));
  }
  auto inserted = run(kInsertFromStaging, PGRES_COMMAND_OK);
  if (!inserted) return abort(inserted.error());
  if (auto committed = run("COMMIT", PGRES_COMMAND_OK); !committed) {
    return tl::unexpected(committed.error());
  }
  return *inserted;
}

common::Result<std::vector<ItemOutcome>> PostgresSink::write(
    std::span<const DecodedEvent* const> events) {
  std::vector<ItemOutcome> outcomes(events.size());
  auto whole = writeBatch(events);
  if (whole) return outcomes;
  if (postgres::isOutage(whole.error())) return tl::unexpected(whole.error());
  if (events.size() == 1) {
    outcomes[0] = ItemOutcome::retry(whole.error());
    return outcomes;
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto single = writeBatch(events.subspan(i, 1));
    if (single) continue;
    if (postgres::isOutage(single.error())) return tl::unexpected(single.error());
    outcomes[i] = ItemOutcome::retry(single.error());
  }
  return outcomes;
}

common::Result<void> PostgresSink::probe() {
  // What the writes need, not just a live server: not a standby, not read-only, the table there
  // and writable by us (a missing table fails the statement itself: 42P01, an outage).
  if (auto connected = ensureConnected(); !connected) return tl::unexpected(connected.error());
  postgres::QueryResult result(PQexec(connection_.native(), kWritableProbe));
  if (!result || PQresultStatus(result.native()) != PGRES_TUPLES_OK) {
    return tl::unexpected(failure(result.native(), "write probe"));
  }
  if (std::string_view(PQgetvalue(result.native(), 0, 0)) != "t") {
    connection_ = {};  // a read-only session stays read-only: the next probe opens a new one
    return common::makeError(std::string(postgres::errc::kUnavailable),
                             "write probe: PostgreSQL does not take writes to user_behavior_event"
                             " (a standby, read-only, or no INSERT privilege)");
  }
  return {};
}

}  // namespace tracker::event_consumer
