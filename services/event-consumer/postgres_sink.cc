#include "postgres_sink.h"

#include "common/parse.h"
#include "copy_format.h"

#include <array>
#include <string_view>

namespace tracker::event_consumer {
namespace {

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

constexpr const char* kCreateStaging =
    "CREATE TEMP TABLE IF NOT EXISTS event_staging ("
    " event_id text, event_type text, user_id text, target_user_id text, event_time_ms bigint,"
    " device_type text, source_channel text, extra_data text, kafka_partition integer,"
    " kafka_offset bigint, schema_id integer) ON COMMIT DELETE ROWS";

constexpr const char* kInsertFromStaging =
    "INSERT INTO user_behavior_event (event_id, event_type, user_id, target_user_id, event_time,"
    " device_type, source_channel, extra_data, kafka_partition, kafka_offset, schema_id)"
    " SELECT event_id, event_type, user_id, target_user_id, to_timestamp(event_time_ms / 1000.0),"
    " device_type, source_channel, extra_data::jsonb, kafka_partition, kafka_offset, schema_id"
    " FROM event_staging ON CONFLICT (event_id) DO NOTHING";

// SQLSTATE classes that mean "the server cannot take work now", not "your data is wrong":
// 08 connection exception, 53 insufficient resources, 57P01-57P03 shutdown / cannot connect now.
bool isOutageState(std::string_view state) {
  return state.starts_with("08") || state.starts_with("53") || state == "57P01" ||
         state == "57P02" || state == "57P03";
}

}  // namespace

bool isPostgresOutage(const common::Error& error) { return error.code == kPostgresUnavailable; }

PostgresSink::PostgresSink(std::string dsn) : dsn_(std::move(dsn)) {}

common::Result<void> PostgresSink::ensureConnected() {
  if (connection_ && PQstatus(connection_.get()) == CONNECTION_OK) return {};
  connection_.reset();
  const std::array<const char*, 4> keywords = {"dbname", "connect_timeout", "application_name",
                                               nullptr};
  const std::array<const char*, 4> values = {dsn_.c_str(), "5", "event-consumer", nullptr};
  Connection connection(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
  if (!connection || PQstatus(connection.get()) != CONNECTION_OK) {
    std::string why = connection ? PQerrorMessage(connection.get()) : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return common::makeError(std::string(kPostgresUnavailable), "connect: " + why);
  }
  connection_ = std::move(connection);
  auto created = run(kCreateStaging, PGRES_COMMAND_OK);
  if (!created) return tl::unexpected(created.error());
  return {};
}

common::Error PostgresSink::failure(const PGresult* result, const std::string& what) {
  std::string message = connection_ ? PQerrorMessage(connection_.get()) : "";
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (result && PQresultErrorMessage(result)[0] != '\0') message = PQresultErrorMessage(result);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const bool broken = !connection_ || PQstatus(connection_.get()) != CONNECTION_OK;
  if (broken || state == nullptr || isOutageState(state)) {
    connection_.reset();  // reconnect on the next use
    return common::Error{std::string(kPostgresUnavailable), what + ": " + message};
  }
  return common::Error{"postgres." + std::string(state), what + ": " + message};
}

common::Result<std::size_t> PostgresSink::run(const char* sql, ExecStatusType expected) {
  ResultPtr result(PQexec(connection_.get(), sql));
  if (!result || PQresultStatus(result.get()) != expected) {
    return tl::unexpected(failure(result.get(), std::string(sql).substr(0, 40)));
  }
  const char* tuples = PQcmdTuples(result.get());
  if (tuples == nullptr || tuples[0] == '\0') return 0;
  auto count = common::parseInt64(tuples);
  return count ? static_cast<std::size_t>(*count) : 0;
}

common::Result<std::size_t> PostgresSink::write(std::span<const DecodedEvent* const> events) {
  if (events.empty()) return 0;
  if (auto connected = ensureConnected(); !connected) return tl::unexpected(connected.error());
  std::string copy_text;
  copy_text.reserve(events.size() * 256);
  for (const DecodedEvent* event : events) appendCopyRow(copy_text, *event);

  const auto abort = [this](common::Error error) -> common::Result<std::size_t> {
    if (connection_) ResultPtr(PQexec(connection_.get(), "ROLLBACK"));
    return tl::unexpected(std::move(error));
  };
  if (auto begun = run("BEGIN", PGRES_COMMAND_OK); !begun) return abort(begun.error());
  const std::string copy_sql = "COPY event_staging (" + std::string(kCopyColumns) + ") FROM STDIN";
  ResultPtr copy(PQexec(connection_.get(), copy_sql.c_str()));
  if (!copy || PQresultStatus(copy.get()) != PGRES_COPY_IN) {
    return abort(failure(copy.get(), "COPY"));
  }
  if (PQputCopyData(connection_.get(), copy_text.data(), static_cast<int>(copy_text.size())) != 1 ||
      PQputCopyEnd(connection_.get(), nullptr) != 1) {
    return abort(failure(nullptr, "COPY data"));
  }
  // The COPY's own result, then the null that ends it.
  ResultPtr copied(PQgetResult(connection_.get()));
  while (ResultPtr extra{PQgetResult(connection_.get())}) {
  }
  if (!copied || PQresultStatus(copied.get()) != PGRES_COMMAND_OK) {
    return abort(failure(copied.get(), "COPY"));
  }
  auto inserted = run(kInsertFromStaging, PGRES_COMMAND_OK);
  if (!inserted) return abort(inserted.error());
  if (auto committed = run("COMMIT", PGRES_COMMAND_OK); !committed) {
    return tl::unexpected(committed.error());
  }
  return *inserted;
}

common::Result<std::vector<std::optional<common::Error>>> PostgresSink::writeIsolating(
    std::span<const DecodedEvent* const> events) {
  std::vector<std::optional<common::Error>> outcomes(events.size());
  auto whole = write(events);
  if (whole) return outcomes;
  if (isPostgresOutage(whole.error())) return tl::unexpected(whole.error());
  if (events.size() == 1) {
    outcomes[0] = whole.error();
    return outcomes;
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto single = write(events.subspan(i, 1));
    if (single) continue;
    if (isPostgresOutage(single.error())) return tl::unexpected(single.error());
    outcomes[i] = single.error();
  }
  return outcomes;
}

common::Result<void> PostgresSink::probe() {
  if (auto connected = ensureConnected(); !connected) return tl::unexpected(connected.error());
  auto selected = run("SELECT 1", PGRES_TUPLES_OK);
  if (!selected) return tl::unexpected(selected.error());
  return {};
}

}  // namespace tracker::event_consumer
