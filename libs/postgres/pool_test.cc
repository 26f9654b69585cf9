#include "postgres/pool.h"

#include "postgres/errors.h"

#include <gtest/gtest.h>

namespace tracker::postgres {
namespace {

const common::Error kOutage{std::string(errc::kUnavailable), "read: server closed"};
const common::Error kRefusal{"postgres.23505", "insert: duplicate key"};

TEST(RetryRuleTest, OnlyAnOutageOnAnOlderConnectionOutsideATransactionRunsAgain) {
  EXPECT_TRUE(runsAgainOnNewConnection(kOutage, /*connection_was_new=*/false,
                                       /*transaction_was_open=*/false));
  // Opened for this very statement: the server is really down.
  EXPECT_FALSE(runsAgainOnNewConnection(kOutage, true, false));
  // Inside a transaction the earlier statements died with the connection.
  EXPECT_FALSE(runsAgainOnNewConnection(kOutage, false, true));
  // The server refused the statement: another connection would refuse it too.
  EXPECT_FALSE(runsAgainOnNewConnection(kRefusal, false, false));
}

PoolOptions unreachable(std::size_t connections) {
  PoolOptions options;
  options.connect = ConnectOptions{"host=/nonexistent/tracker-postgres-test port=1", "test", 1};
  options.max_connections = connections;
  options.lease_wait = std::chrono::milliseconds(100);
  return options;
}

TEST(PoolTest, ConnectsLazily) {
  Pool pool(unreachable(2));
  EXPECT_EQ(pool.counts().open, 0u);
}

TEST(PoolTest, AFailedConnectIsAnOutageAndGivesItsSlotBack) {
  Pool pool(unreachable(1));
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto lease = pool.lease();
    ASSERT_FALSE(lease);
    EXPECT_EQ(lease.error().code, errc::kUnavailable);  // not "stayed busy": the slot was free
    EXPECT_TRUE(lease.error().message.starts_with("connect: ")) << lease.error().message;
    EXPECT_EQ(pool.counts().open, 0u);
  }
  auto result = pool.run("select 1");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, errc::kUnavailable);
  EXPECT_EQ(pool.counts().open, 0u);
}

}  // namespace
}  // namespace tracker::postgres
