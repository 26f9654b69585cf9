#include "store.h"

#include <libpq-fe.h>

namespace tracker::schema_registry_service {
namespace {

// Any constant works as long as every registry instance uses the same one.
constexpr const char* kWriteLockSql = "select pg_advisory_xact_lock(7235100001)";

}  // namespace

int Rows::integer(std::size_t row, std::size_t column) const {
  return std::stoi(text(row, column));
}

void Connection::Deleter::operator()(pg_conn* connection) const { PQfinish(connection); }

Connection::Connection(std::string dsn) : dsn_(std::move(dsn)) {}

Result<void> Connection::ensureConnected() {
  if (connection_ && PQstatus(connection_.get()) == CONNECTION_OK) return {};
  connection_.reset(PQconnectdb(dsn_.c_str()));
  if (!connection_ || PQstatus(connection_.get()) != CONNECTION_OK) {
    std::string message = connection_ ? PQerrorMessage(connection_.get()) : "out of memory";
    connection_.reset();
    return fail(Errc::kStoreError, "cannot connect to PostgreSQL: " + message);
  }
  return {};
}

Result<Rows> Connection::exec(std::string_view sql, const std::vector<Param>& params) {
  // A pooled connection can have died while idle (PostgreSQL restarted). When this statement
  // starts no transaction was open on it, so it can run again, once, on a fresh connection.
  const bool reused = connection_ != nullptr;
  auto rows = execOnce(sql, params);
  if (!rows && reused && connection_ == nullptr && was_idle_) rows = execOnce(sql, params);
  return rows;
}

Result<Rows> Connection::execOnce(std::string_view sql, const std::vector<Param>& params) {
  if (auto connected = ensureConnected(); !connected) return tl::unexpected(connected.error());
  was_idle_ = PQtransactionStatus(connection_.get()) == PQTRANS_IDLE;
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params) values.push_back(param ? param->c_str() : nullptr);
  const std::string statement(sql);
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexecParams(connection_.get(), statement.c_str(), static_cast<int>(values.size()), nullptr,
                   values.data(), nullptr, nullptr, 0),
      &PQclear);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = PQerrorMessage(connection_.get());
    if (PQstatus(connection_.get()) != CONNECTION_OK) connection_.reset();
    return fail(Errc::kStoreError, "store error: " + message);
  }
  Rows rows;
  const int row_count = PQntuples(result.get());
  const int column_count = PQnfields(result.get());
  rows.values_.resize(row_count);
  for (int row = 0; row < row_count; ++row) {
    rows.values_[row].reserve(column_count);
    for (int column = 0; column < column_count; ++column) {
      if (PQgetisnull(result.get(), row, column)) {
        rows.values_[row].emplace_back(std::nullopt);
      } else {
        rows.values_[row].emplace_back(std::string(PQgetvalue(result.get(), row, column),
                                                   PQgetlength(result.get(), row, column)));
      }
    }
  }
  return rows;
}

Store::Store(std::string dsn, std::size_t connections)
    : dsn_(std::move(dsn)), limit_(std::max<std::size_t>(1, connections)) {}

Result<std::unique_ptr<Store>> Store::open(std::string dsn, std::size_t connections) {
  std::unique_ptr<Store> store(new Store(std::move(dsn), connections));
  auto probe = store->read<int>([](Connection& connection) -> Result<int> {
    auto rows = connection.exec("select count(*) from registry_schema");
    if (!rows) return tl::unexpected(rows.error());
    return 0;
  });
  if (!probe) return tl::unexpected(probe.error());
  return store;
}

Result<void> Store::beginLocked(Connection& connection) {
  if (auto begun = connection.exec("begin"); !begun) return tl::unexpected(begun.error());
  if (auto locked = connection.exec(kWriteLockSql); !locked) {
    (void)connection.exec("rollback");
    return tl::unexpected(locked.error());
  }
  return {};
}

Store::Lease::Lease(Store& owner) : store(owner) {
  std::unique_lock lock(store.mutex_);
  store.available_.wait(lock, [&] { return !store.idle_.empty() || store.created_ < store.limit_; });
  if (!store.idle_.empty()) {
    connection = std::move(store.idle_.back());
    store.idle_.pop_back();
  } else {
    ++store.created_;
    connection = std::make_unique<Connection>(store.dsn_);
  }
}

Store::Lease::~Lease() {
  {
    std::lock_guard lock(store.mutex_);
    store.idle_.push_back(std::move(connection));
  }
  store.available_.notify_one();
}

}  // namespace tracker::schema_registry_service
