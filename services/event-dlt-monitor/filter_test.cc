#include "filter.h"

#include <gtest/gtest.h>

namespace tracker::event_dlt_monitor {
namespace {

TEST(Filter, QueryParametersBecomeBoundConditions) {
  auto request = http_server::makeRequest(
      http_server::Method::kGet,
      "/api/dead-letters?status=new&stage=postgres&user_id=u%27%3B--&since=2026-12-01T00:00:00Z",
      {}, "");
  ASSERT_TRUE(request);
  auto filter = filterFromQuery(*request);
  ASSERT_TRUE(filter) << filter.error().message;
  const SqlCondition condition = toSql(*filter, 3);
  EXPECT_EQ(condition.sql,
            "d.status = $3 and d.stage = $4 and d.user_id = $5 and d.first_seen >= "
            "$6::timestamptz");
  ASSERT_EQ(condition.params.size(), 4U);
  EXPECT_EQ(condition.params[2], "u';--");  // a value, never SQL text
}

TEST(Filter, EmptyFilterMatchesEverything) {
  auto filter = filterFromJson(nullptr);
  ASSERT_TRUE(filter);
  EXPECT_EQ(toSql(*filter, 1).sql, "true");
  EXPECT_TRUE(toJson(*filter).empty());
}

TEST(Filter, BadValuesAreRefused) {
  EXPECT_FALSE(filterFromJson({{"status", "gone"}}));
  EXPECT_FALSE(filterFromJson({{"since", "yesterday"}}));
  EXPECT_FALSE(filterFromJson({{"colour", "red"}}));
  EXPECT_FALSE(filterFromJson({{"stage", 3}}));
  EXPECT_FALSE(filterFromJson(nlohmann::json::array()));
  auto ok = filterFromJson({{"group", "event-consumer"}, {"until", "2026-12-01T10:00:00.5+01:00"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(toJson(*ok), (nlohmann::json{{"group", "event-consumer"},
                                         {"until", "2026-12-01T10:00:00.5+01:00"}}));
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
