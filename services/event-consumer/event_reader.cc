#include "event_reader.h"

#include "time_text.h"

#include <algorithm>
#include <iterator>

namespace tracker::event_consumer {
namespace {

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

common::Result<StoredEvent> readRow(const postgres::QueryResult& result, int row) {
  StoredEvent event;
  event.event_id = result.text(row, 0);
  event.event_type = result.text(row, 1);
  event.user_id = result.text(row, 2);
  event.target_user_id = result.value(row, 3);
  event.device_type = result.value(row, 5);
  event.source_channel = result.value(row, 6);
  event.extra_data_json = result.text(row, 7);
  std::int64_t* const numbers[] = {&event.event_time_micros, &event.kafka_offset,
                                   &event.ingested_at_micros};
  const int number_columns[] = {4, 9, 11};
  for (std::size_t i = 0; i < std::size(numbers); ++i) {
    auto value = result.integer(row, number_columns[i]);
    if (!value) return tl::unexpected(value.error());
    *numbers[i] = *value;
  }
  for (auto [target, column] :
       {std::pair{&event.kafka_partition, 8}, std::pair{&event.schema_id, 10}}) {
    auto value = result.integer(row, column);
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

EventReader::EventReader(std::string dsn, std::size_t max_connections) {
  if (dsn.empty()) return;
  postgres::PoolOptions options;
  options.connect = postgres::ConnectOptions{std::move(dsn), "event-consumer-read"};
  options.max_connections = max_connections;
  options.session_setup = kSessionSetup;
  pool_ = std::make_unique<postgres::Pool>(std::move(options));
}

common::Result<std::optional<StoredEvent>> EventReader::findEvent(const std::string& event_id) {
  auto result = run(std::string(kSelect) + " WHERE event_id = $1", {event_id});
  if (!result) return tl::unexpected(result.error());
  if (result->rowCount() == 0) return std::nullopt;
  auto event = readRow(*result, 0);
  if (!event) return tl::unexpected(event.error());
  return std::move(*event);
}

common::Result<UserEventsPage> EventReader::userEvents(const UserEventsQuery& query) {
  const SqlStatement statement = userEventsStatement(query);
  auto result = run(statement.text, statement.params);
  if (!result) return tl::unexpected(result.error());
  const int rows = result->rowCount();
  UserEventsPage page;
  page.events.reserve(static_cast<std::size_t>(std::min(rows, query.limit)));
  for (int row = 0; row < rows && row < query.limit; ++row) {
    auto event = readRow(*result, row);
    if (!event) return tl::unexpected(event.error());
    page.events.push_back(std::move(*event));
  }
  if (rows > query.limit && !page.events.empty()) {
    page.next = PageCursor{page.events.back().event_time_micros, page.events.back().event_id};
  }
  return page;
}

common::Result<postgres::QueryResult> EventReader::run(const std::string& sql,
                                                       const std::vector<std::string>& params) {
  if (!pool_) {
    return common::makeError(std::string(kPostgresNotConfigured),
                             "this instance has no PostgreSQL DSN (TRACKER_PG_DSN)");
  }
  return pool_->run(sql, std::vector<postgres::Param>(params.begin(), params.end()), "read");
}

}  // namespace tracker::event_consumer
