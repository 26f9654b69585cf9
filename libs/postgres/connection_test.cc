#include "postgres/connection.h"

#include "postgres/errors.h"
#include "postgres/failure.h"

#include <gtest/gtest.h>

namespace tracker::postgres {
namespace {

using Parameter = std::pair<std::string, std::string>;
using Parameters = std::vector<Parameter>;

TEST(ConnectionTest, ConnectionStringComesFirstSoTheOptionsOverrideIt) {
  const ConnectOptions options{"postgresql://u@h:5/db?connect_timeout=60", "event-consumer", 5};
  EXPECT_EQ(connectParameters(options),
            (Parameters{{"keepalives", "1"},
                        {"keepalives_idle", "10"},
                        {"keepalives_interval", "5"},
                        {"keepalives_count", "3"},
                        {"tcp_user_timeout", "30000"},
                        {"dbname", "postgresql://u@h:5/db?connect_timeout=60"},
                        {"connect_timeout", "5"},
                        {"application_name", "event-consumer"}}));
}

TEST(ConnectionTest, NoApplicationNameLeavesTheConnectionStringsOwn) {
  const ConnectOptions options{"host=h dbname=db application_name=mine", "", 3};
  const Parameters parameters = connectParameters(options);
  ASSERT_EQ(parameters.size(), 7U);
  EXPECT_EQ(parameters[5], (Parameter{"dbname", "host=h dbname=db application_name=mine"}));
  EXPECT_EQ(parameters[6], (Parameter{"connect_timeout", "3"}));
}

// A Unix socket in a folder that does not exist: refused at once, no server involved.
constexpr const char* kNowhere = "host=/nonexistent/tracker-postgres-test port=1 dbname=x";

TEST(ConnectionTest, UnreachableServerIsAnOutage) {
  auto connection = Connection::open(ConnectOptions{kNowhere, "test", 1});
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, errc::kUnavailable);
  EXPECT_TRUE(connection.error().message.starts_with("connect: ")) << connection.error().message;
  EXPECT_NE(connection.error().message.find("tracker-postgres-test"), std::string::npos)
      << connection.error().message;
}

TEST(ConnectionTest, MalformedConnectionStringIsReported) {
  // libpq parses it before connecting; the message names the fault.
  auto connection = Connection::open(ConnectOptions{"host=h dbname", "test", 1});
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error().code, errc::kUnavailable);
  EXPECT_NE(connection.error().message.find("missing \"=\" after \"dbname\""), std::string::npos)
      << connection.error().message;
}

TEST(ConnectionTest, AnEmptyConnectionRunsNothing) {
  Connection none;
  EXPECT_FALSE(none);
  EXPECT_FALSE(none.healthy());
  EXPECT_TRUE(none.inTransaction());  // unknown state: never treated as safe to repeat
  auto result = none.exec("select 1", {}, "probe");
  ASSERT_FALSE(result);
  EXPECT_TRUE(isOutage(result.error()));
  EXPECT_EQ(result.error().message, "probe: no connection");
  EXPECT_FALSE(none.execScript("select 1", "setup"));
}

TEST(QueryResultTest, EmptyResultReadsAsNothing) {
  QueryResult none;
  EXPECT_FALSE(none);
  EXPECT_EQ(none.status(), PGRES_FATAL_ERROR);
  EXPECT_EQ(none.rowCount(), 0);
  EXPECT_EQ(none.columnCount(), 0);
  EXPECT_EQ(none.affectedRows(), 0u);

  QueryResult command(PQmakeEmptyPGresult(nullptr, PGRES_COMMAND_OK));
  ASSERT_TRUE(command);
  EXPECT_EQ(command.status(), PGRES_COMMAND_OK);
  EXPECT_EQ(command.rowCount(), 0);
  EXPECT_EQ(command.affectedRows(), 0u);
}

}  // namespace
}  // namespace tracker::postgres
