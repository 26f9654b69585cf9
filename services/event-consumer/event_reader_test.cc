#include "event_reader.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

constexpr std::string_view kColumns =
    "SELECT event_id, event_type, user_id, target_user_id,"
    " round(extract(epoch FROM event_time) * 1000000)::bigint, device_type, source_channel,"
    " extra_data::text, kafka_partition, kafka_offset, schema_id,"
    " round(extract(epoch FROM ingested_at) * 1000000)::bigint"
    " FROM user_behavior_event";

TEST(EventReaderTest, PlainPageAsksForOneRowMoreThanTheLimit) {
  UserEventsQuery query;
  query.user_id = "u1";
  query.limit = 50;
  const SqlStatement statement = userEventsStatement(query);
  EXPECT_EQ(statement.text, std::string(kColumns) +
                                " WHERE user_id = $1"
                                " ORDER BY event_time DESC, event_id DESC LIMIT $2");
  EXPECT_EQ(statement.params, (std::vector<std::string>{"u1", "51"}));
}

TEST(EventReaderTest, EveryConditionIsAPlaceholderNeverAValue) {
  UserEventsQuery query;
  query.user_id = "u1'; DROP TABLE user_behavior_event; --";
  query.event_type = "click";
  query.range = {1'714'564'800'000'000, 1'714'608'000'000'001};
  query.limit = 2;
  query.after = PageCursor{1'714'564'900'123'456, "e'9"};
  const SqlStatement statement = userEventsStatement(query);
  EXPECT_EQ(statement.text,
            std::string(kColumns) +
                " WHERE user_id = $1 AND event_type = $2"
                " AND event_time >= $3::timestamptz AND event_time < $4::timestamptz"
                " AND (event_time, event_id) < ($5::timestamptz, $6)"
                " ORDER BY event_time DESC, event_id DESC LIMIT $7");
  EXPECT_EQ(statement.params,
            (std::vector<std::string>{query.user_id, "click", "2024-05-01T12:00:00.000000Z",
                                      "2024-05-02T00:00:00.000001Z", "2024-05-01T12:01:40.123456Z",
                                      "e'9", "3"}));
}

TEST(EventReaderTest, WithoutADsnEveryReadSaysNotConfigured) {
  EventReader reader("");
  auto event = reader.findEvent("e-1");
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().code, kPostgresNotConfigured);
  auto page = reader.userEvents(UserEventsQuery{"u1", std::nullopt, {}, 5, std::nullopt});
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, kPostgresNotConfigured);
}

}  // namespace
}  // namespace tracker::event_consumer
