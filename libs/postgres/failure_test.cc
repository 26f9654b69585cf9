#include "postgres/failure.h"

#include "postgres/errors.h"

#include <gtest/gtest.h>

namespace tracker::postgres {
namespace {

TEST(FailureTest, OutageStatesAreTheServersStateNotTheData) {
  // connection, resources, shutdown; read-only (switchover, standby), serialization and deadlock,
  // lock and statement timeouts, I/O, internal errors; a table, column or privilege taken away
  for (const char* state :
       {"08000", "08003", "08006", "08P01", "53000", "53100", "53200", "53300", "57P01",
        "57P02", "57P03", "25006", "25P02", "40001", "40P01", "55P03", "55006", "57014",
        "58030", "XX000", "XX001", "F0000", "42501", "42P01", "42703"}) {
    EXPECT_TRUE(isOutageState(state)) << state;
  }
  // Refusals: this statement's data is wrong (data exceptions, constraint violations) or the
  // statement itself is (syntax, types).
  for (const char* state :
       {"23505", "23502", "23514", "22P02", "22001", "22021", "42601", "42804", "0A000"}) {
    EXPECT_FALSE(isOutageState(state)) << state;
  }
}

TEST(FailureTest, RefusalOnAHealthyConnectionCarriesTheSqlState) {
  const common::Error error =
      classifyFailure(FailureFacts{true, "23505", "ERROR:  duplicate key\n"}, "insert");
  EXPECT_EQ(error.code, "postgres.23505");
  EXPECT_EQ(error.message, "insert: ERROR:  duplicate key");
  EXPECT_FALSE(isOutage(error));
}

TEST(FailureTest, OutageStateOnAHealthyConnectionIsAnOutage) {
  const common::Error error = classifyFailure(FailureFacts{true, "53100", "disk full"}, "copy");
  EXPECT_EQ(error.code, errc::kUnavailable);
  EXPECT_TRUE(isOutage(error));
}

TEST(FailureTest, BrokenConnectionIsAnOutageWhateverTheState) {
  EXPECT_TRUE(isOutage(classifyFailure(FailureFacts{false, "23505", "x"}, "insert")));
  EXPECT_TRUE(isOutage(classifyFailure(FailureFacts{false, {}, "server closed"}, "read")));
}

TEST(FailureTest, NoSqlStateIsAnOutage) {
  // libpq failed on its own (out of memory, lost socket) before the server could say anything.
  const common::Error error = classifyFailure(FailureFacts{true, {}, "no connection\n\n"}, "read");
  EXPECT_EQ(error.code, errc::kUnavailable);
  EXPECT_EQ(error.message, "read: no connection");
}

TEST(FailureTest, NoConnectionAndNoResultIsAnOutage) {
  const common::Error error = classifyFailure(nullptr, nullptr, "read");
  EXPECT_EQ(error.code, errc::kUnavailable);
  EXPECT_EQ(error.message, "read: ");
}

TEST(FailureTest, ReadsTheSqlStateOfALibpqResult) {
  // A result built without a server carries no SQLSTATE: libpq's own failure, an outage.
  PGresult* result = PQmakeEmptyPGresult(nullptr, PGRES_FATAL_ERROR);
  ASSERT_NE(result, nullptr);
  EXPECT_TRUE(isOutage(classifyFailure(nullptr, result, "read")));
  PQclear(result);
}

}  // namespace
}  // namespace tracker::postgres
