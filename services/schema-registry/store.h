#pragma once

// PostgreSQL access for the registry: a bounded pool of connections (RAII PGconn), plain reads,
// and write transactions serialized across *all* registry instances by one advisory lock.

#include "errors.h"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace tracker::schema_registry_service {

/// Rows of one query result, all values as text (NULL → nullopt).
class Rows {
 public:
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  const std::optional<std::string>& at(std::size_t row, std::size_t column) const {
    return values_[row][column];
  }
  /// Text of a non-NULL value ("" for NULL).
  std::string text(std::size_t row, std::size_t column) const {
    return values_[row][column].value_or("");
  }
  int integer(std::size_t row, std::size_t column) const;
  bool boolean(std::size_t row, std::size_t column) const { return text(row, column) == "t"; }

 private:
  friend class Connection;
  std::vector<std::vector<std::optional<std::string>>> values_;
};

using Param = std::optional<std::string>;

/// One database connection; used by one thread at a time (the pool guarantees it).
class Connection {
 public:
  explicit Connection(std::string dsn);

  /// Runs one parameterized statement ($1, $2, ... as text). A statement that finds its pooled
  /// connection dead outside a transaction runs again, once, on a new one. Errors: kStoreError.
  Result<Rows> exec(std::string_view sql, const std::vector<Param>& params = {});

 private:
  Result<void> ensureConnected();
  Result<Rows> execOnce(std::string_view sql, const std::vector<Param>& params);

  struct Deleter {
    void operator()(pg_conn* connection) const;
  };
  std::string dsn_;
  std::unique_ptr<pg_conn, Deleter> connection_;
  // No transaction was open when the last statement started (so it may be repeated).
  bool was_idle_ = true;
};

class Store {
 public:
  /// Opens the pool lazily (connections are made on first use) and checks one connection now,
  /// so a wrong DSN fails at start-up. Errors: kStoreError.
  static Result<std::unique_ptr<Store>> open(std::string dsn, std::size_t connections);

  /// Runs `work` with a pooled connection (waits while all are in use).
  template <typename T>
  Result<T> read(const std::function<Result<T>(Connection&)>& work) {
    Lease lease(*this);
    return work(*lease.connection);
  }

  /// Runs `work` inside BEGIN … COMMIT holding the registry-wide advisory lock; rolls back when
  /// `work` fails.
  template <typename T>
  Result<T> write(const std::function<Result<T>(Connection&)>& work) {
    Lease lease(*this);
    Connection& connection = *lease.connection;
    if (auto begun = beginLocked(connection); !begun) return tl::unexpected(begun.error());
    Result<T> result = work(connection);
    if (!result) {
      (void)connection.exec("rollback");
      return result;
    }
    if (auto committed = connection.exec("commit"); !committed) {
      (void)connection.exec("rollback");
      return tl::unexpected(committed.error());
    }
    return result;
  }

 private:
  Store(std::string dsn, std::size_t connections);

  static Result<void> beginLocked(Connection& connection);

  struct Lease {
    explicit Lease(Store& store);
    ~Lease();
    Store& store;
    std::unique_ptr<Connection> connection;
  };

  std::string dsn_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t created_ = 0;
  std::size_t limit_;
};

}  // namespace tracker::schema_registry_service
