#include "postgres/pool.h"

#include "postgres/errors.h"
#include "postgres/failure.h"

#include <utility>

namespace tracker::postgres {

bool runsAgainOnNewConnection(const common::Error& failure, bool connection_was_new,
                              bool transaction_was_open) {
  return isOutage(failure) && !connection_was_new && !transaction_was_open;
}

Lease::Lease(Pool& pool, Connection connection, bool fresh)
    : pool_(&pool), connection_(std::move(connection)), fresh_(fresh) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::move(other.connection_)),
      fresh_(other.fresh_) {}

Lease::~Lease() {
  if (pool_ != nullptr) pool_->giveBack(std::move(connection_));
}

common::Result<QueryResult> Lease::exec(std::string_view sql, const std::vector<Param>& params,
                                        std::string_view what) {
  const bool was_new = std::exchange(fresh_, false);
  const bool transaction_was_open = connection_.inTransaction();
  auto result = connection_.exec(sql, params, what);
  if (result || !isOutage(result.error())) return result;
  pool_->dropIdle();
  if (!runsAgainOnNewConnection(result.error(), was_new, transaction_was_open)) return result;
  // The slot stays ours: the dead connection is replaced in place.
  auto replacement = pool_->connect();
  if (!replacement) {
    connection_ = Connection();
    return tl::unexpected(replacement.error());
  }
  connection_ = std::move(*replacement);
  return connection_.exec(sql, params, what);
}

Pool::Pool(PoolOptions options) : options_(std::move(options)), slots_(options_.max_connections) {}

common::Result<Lease> Pool::lease() {
  {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, options_.lease_wait, [this] { return slots_.canTake(); })) {
      return common::makeError(std::string(errc::kUnavailable),
                               "every pooled connection stayed busy for " +
                                   std::to_string(options_.lease_wait.count()) + " ms");
    }
    if (auto idle = slots_.takeIdle()) return Lease(*this, std::move(*idle), /*fresh=*/false);
    slots_.reserve();  // canTake() with nothing idle: a slot is free
  }
  auto connection = connect();
  if (!connection) {
    {
      std::lock_guard lock(mutex_);
      slots_.release();
    }
    available_.notify_one();
    return tl::unexpected(connection.error());
  }
  return Lease(*this, std::move(*connection), /*fresh=*/true);
}

common::Result<QueryResult> Pool::run(std::string_view sql, const std::vector<Param>& params,
                                      std::string_view what) {
  auto lease = this->lease();
  if (!lease) return tl::unexpected(lease.error());
  return lease->exec(sql, params, what);
}

Pool::Counts Pool::counts() const {
  std::lock_guard lock(mutex_);
  return Counts{slots_.open(), slots_.idle()};
}

common::Result<Connection> Pool::connect() const {
  auto connection = Connection::open(options_.connect);
  if (!connection || options_.session_setup.empty()) return connection;
  if (auto setup = connection->execScript(options_.session_setup, "session setup"); !setup) {
    return tl::unexpected(setup.error());
  }
  return connection;
}

void Pool::giveBack(Connection connection) {
  {
    std::lock_guard lock(mutex_);
    // A broken connection, or one left inside a transaction, must not reach the next lease.
    if (connection.healthy() && !connection.inTransaction()) {
      slots_.giveBack(std::move(connection));
    } else {
      slots_.release();
    }
  }
  available_.notify_one();
}

void Pool::dropIdle() {
  std::vector<Connection> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped = slots_.dropIdle();
  }
  // Closed here, outside the lock; their slots are free for new connections.
  if (!dropped.empty()) available_.notify_all();
}

}  // namespace tracker::postgres
