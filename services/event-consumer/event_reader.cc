#include "event_reader.h"

#include "common/parse.h"
#include "time_text.h"

#include <algorithm>
#include <iterator>

namespace tracker::event_consumer {
namespace {

// How long a request waits for a pooled connection before answering "unavailable".
constexpr std::chrono::seconds kBorrowWait{10};

// Times leave the database as exact microseconds (extract(epoch) is numeric since PostgreSQL 14;
// round() also absorbs the float error of older servers).
constexpr std::string_view kSelect =
    "SELECT event_id, event_type, user_id, target_user_id,"
    " round(extract(epoch FROM event_time) * 1000000)::bigint, device_type, source_channel,"
    " extra_data::text, kafka_partition, kafka_offset, schema_id,"
    " round(extract(epoch FROM ingested_at) * 1000000)::bigint"
    " FROM user_behavior_event";

// Run once per connection: this API only reads, and no statement may hold a connection (and with
// it an HTTP thread) for long.
constexpr const char* kSessionSetup =
    "SET default_transaction_read_only = on; SET statement_timeout = 5000";

std::optional<std::string> nullableText(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return std::nullopt;
  return std::string(PQgetvalue(result, row, column),
                     static_cast<std::size_t>(PQgetlength(result, row, column)));
}

std::string text(const PGresult* result, int row, int column) {
  return nullableText(result, row, column).value_or("");
}

common::Result<std::int64_t> number(const PGresult* result, int row, int column) {
  auto value = common::parseInt64(text(result, row, column));
  if (!value) {
    return common::makeError(std::string(kPostgresUnexpectedResult),
                             std::string("column ") + PQfname(result, column) + " is not a number");
  }
  return *value;
}

common::Result<StoredEvent> readRow(const PGresult* result, int row) {
  StoredEvent event;
  event.event_id = text(result, row, 0);
  event.event_type = text(result, row, 1);
  event.user_id = text(result, row, 2);
  event.target_user_id = nullableText(result, row, 3);
  event.device_type = nullableText(result, row, 5);
  event.source_channel = nullableText(result, row, 6);
  event.extra_data_json = text(result, row, 7);
  std::int64_t* const numbers[] = {&event.event_time_micros, &event.kafka_offset,
                                   &event.ingested_at_micros};
  const int number_columns[] = {4, 9, 11};
  for (std::size_t i = 0; i < std::size(numbers); ++i) {
    auto value = number(result, row, number_columns[i]);
    if (!value) return tl::unexpected(value.error());
    *numbers[i] = *value;
  }
  for (auto [target, column] :
       {std::pair{&event.kafka_partition, 8}, std::pair{&event.schema_id, 10}}) {
    auto value = number(result, row, column);
    if (!value) return tl::unexpected(value.error());
    *target = static_cast<int>(*value);
  }
  return event;
}

}  // namespace

SqlStatement userEventsStatement(const UserEventsQuery& query) {
  SqlStatement statement;
  // Appends a parameter, returns its placeholder.
  const auto bind = [&statement](std::string value) {
    statement.params.push_back(std::move(value));
    return "$" + std::to_string(statement.params.size());
  };
  std::string& sql = statement.text;
  sql = std::string(kSelect) + " WHERE user_id = " + bind(query.user_id);
  if (query.event_type) sql += " AND event_type = " + bind(*query.event_type);
  // Instants travel as ISO-8601 text with microseconds, which timestamptz reads exactly.
  if (query.range.from_micros) {
    sql +=
        " AND event_time >= " + bind(formatIsoMicros(*query.range.from_micros)) + "::timestamptz";
  }
  if (query.range.to_micros) {
    sql += " AND event_time < " + bind(formatIsoMicros(*query.range.to_micros)) + "::timestamptz";
  }
  if (query.after) {
    // A row comparison matches the index order, so the scan starts right after the cursor.
    const std::string time = bind(formatIsoMicros(query.after->event_time_micros));
    const std::string id = bind(query.after->event_id);
    sql += " AND (event_time, event_id) < (" + time + "::timestamptz, " + id + ")";
  }
  sql += " ORDER BY event_time DESC, event_id DESC LIMIT " + bind(std::to_string(query.limit + 1));
  return statement;
}

EventReader::EventReader(std::string dsn, std::size_t max_connections)
    : dsn_(std::move(dsn)), max_connections_(std::max<std::size_t>(1, max_connections)) {}

common::Result<std::optional<StoredEvent>> EventReader::findEvent(const std::string& event_id) {
  auto result = run(std::string(kSelect) + " WHERE event_id = $1", {event_id});
  if (!result) return tl::unexpected(result.error());
  if (PQntuples(result->get()) == 0) return std::nullopt;
  auto event = readRow(result->get(), 0);
  if (!event) return tl::unexpected(event.error());
  return std::move(*event);
}

common::Result<UserEventsPage> EventReader::userEvents(const UserEventsQuery& query) {
  const SqlStatement statement = userEventsStatement(query);
  auto result = run(statement.text, statement.params);
  if (!result) return tl::unexpected(result.error());
  const int rows = PQntuples(result->get());
  UserEventsPage page;
  page.events.reserve(static_cast<std::size_t>(std::min(rows, query.limit)));
  for (int row = 0; row < rows && row < query.limit; ++row) {
    auto event = readRow(result->get(), row);
    if (!event) return tl::unexpected(event.error());
    page.events.push_back(std::move(*event));
  }
  if (rows > query.limit && !page.events.empty()) {
    page.next = PageCursor{page.events.back().event_time_micros, page.events.back().event_id};
  }
  return page;
}

common::Result<PgResult> EventReader::run(const std::string& sql,
                                          const std::vector<std::string>& params) {
  if (dsn_.empty()) {
    return common::makeError(std::string(kPostgresNotConfigured),
                             "this instance has no PostgreSQL DSN (TRACKER_PG_DSN)");
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& param : params) values.push_back(param.c_str());
  for (int attempt = 1;; ++attempt) {
    bool reused = false;
    auto connection = borrow(reused);
    if (!connection) return tl::unexpected(connection.error());
    PgResult result(PQexecParams(connection->get(), sql.c_str(), static_cast<int>(values.size()),
                                 /*paramTypes=*/nullptr, values.data(), /*paramLengths=*/nullptr,
                                 /*paramFormats=*/nullptr, /*resultFormat=*/0));
    if (result && PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
      giveBack(std::move(*connection));
      return result;
    }
    common::Error error = postgresFailure(connection->get(), result.get(), "read");
    if (!isPostgresOutage(error)) {
      giveBack(std::move(*connection));
      return tl::unexpected(std::move(error));
    }
    giveBack(nullptr);
    // A connection that sat idle may have died with a server restart: one more try, fresh.
    if (!reused || attempt > 1) return tl::unexpected(std::move(error));
  }
}

common::Result<PgConnection> EventReader::borrow(bool& reused) {
  {
    std::unique_lock lock(mutex_);
    const bool ready = available_.wait_for(
        lock, kBorrowWait, [this] { return !idle_.empty() || open_ < max_connections_; });
    if (!ready) {
      return common::makeError(
          std::string(kPostgresUnavailable),
          "every read connection stayed busy for " + std::to_string(kBorrowWait.count()) + " s");
    }
    if (!idle_.empty()) {
      PgConnection connection = std::move(idle_.back());
      idle_.pop_back();
      reused = true;
      return connection;
    }
    ++open_;  // the slot is ours while connecting, outside the lock
  }
  reused = false;
  auto connection = connectPostgres(dsn_, "event-consumer-read");
  if (connection) {
    PgResult setup(PQexec(connection->get(), kSessionSetup));
    if (!setup || PQresultStatus(setup.get()) != PGRES_COMMAND_OK) {
      common::Error error = postgresFailure(connection->get(), setup.get(), "session setup");
      connection = tl::unexpected(std::move(error));
    }
  }
  if (!connection) giveBack(nullptr);
  return connection;
}

void EventReader::giveBack(PgConnection connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection) {
      idle_.push_back(std::move(connection));
    } else {
      // A connection was lost: the idle ones most likely went with it (server restart). Dropping
      // them all makes the next requests connect afresh instead of failing one by one.
      --open_;
      open_ -= idle_.size();
      idle_.clear();
    }
  }
  available_.notify_all();
}

}  // namespace tracker::event_consumer
