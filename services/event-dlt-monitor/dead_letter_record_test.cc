#include "dead_letter_record.h"

#include <gtest/gtest.h>

namespace tracker::event_dlt_monitor {
namespace {

std::string bigEndian(std::uint64_t value, int bytes) {
  std::string out(static_cast<std::size_t>(bytes), '\0');
  for (int i = bytes - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

RawDeadLetter springStyle() {
  RawDeadLetter raw;
  raw.dlt = {"user-behavior-events-DLT", 2, 41};
  raw.key = std::string("\0\0\0\0\1k", 6);
  raw.value = "v";
  raw.headers = {
      {"kafka_dlt-original-topic", "user-behavior-events"},
      {"kafka_dlt-original-partition", bigEndian(2, 4)},
      {"kafka_dlt-original-offset", bigEndian(123456789012LL, 8)},
      {"kafka_dlt-original-timestamp", bigEndian(1764660000000LL, 8)},
      {"kafka_dlt-original-consumer-group", "event-consumer"},
      {"kafka_dlt-exception-message", "events.missing_field: user_id is required"},
      {"x-tracker-stage", "validate"},
      {"x-tracker-error-code", "events.missing_field"},
      {"x-tracker-attempts", "1"},
  };
  return raw;
}

TEST(DeadLetterRecord, ReadsSpringHeadersAndOurs) {
  const DeadLetter letter = readDeadLetter(springStyle());
  EXPECT_EQ(letter.original, (Coordinates{"user-behavior-events", 2, 123456789012LL}));
  EXPECT_EQ(letter.dlt, (Coordinates{"user-behavior-events-DLT", 2, 41}));
  EXPECT_EQ(letter.original_timestamp_ms, 1764660000000LL);
  EXPECT_EQ(letter.stage, "validate");
  EXPECT_EQ(letter.error_code, "events.missing_field");
  EXPECT_EQ(letter.consumer_group, "event-consumer");
  EXPECT_EQ(letter.attempts, 1);
  EXPECT_FALSE(letter.replay_of);
  EXPECT_EQ(letter.replay_count, 0);
  EXPECT_EQ(letter.key->size(), 6U);
  EXPECT_EQ(letter.headers.size(), 9U);
}

TEST(DeadLetterRecord, TheLastOfRepeatedHeadersWinsAndReplaysAreLinked) {
  RawDeadLetter raw = springStyle();
  raw.headers.emplace_back("x-tracker-replay-of", "user-behavior-events/2/7");
  raw.headers.emplace_back("x-tracker-replay-count", "2");
  raw.headers.emplace_back("x-tracker-stage", "postgres");
  const DeadLetter letter = readDeadLetter(raw);
  EXPECT_EQ(letter.stage, "postgres");
  ASSERT_TRUE(letter.replay_of);
  EXPECT_EQ(*letter.replay_of, (Coordinates{"user-behavior-events", 2, 7}));
  EXPECT_EQ(letter.replay_count, 2);
}

TEST(DeadLetterRecord, WithoutOurHeadersTheDltCoordinatesKeyTheRow) {
  RawDeadLetter raw;
  raw.dlt = {"user-behavior-events-DLT", 0, 5};
  raw.headers = {{"kafka_dlt-original-partition", "xx"}, {"x-tracker-attempts", "many"}};
  const DeadLetter letter = readDeadLetter(raw);
  EXPECT_EQ(letter.original, letter.dlt);
  EXPECT_EQ(letter.stage, "unknown");
  EXPECT_EQ(letter.attempts, 1);
  EXPECT_FALSE(letter.original_timestamp_ms);
}

TEST(DeadLetterRecord, Coordinates) {
  EXPECT_EQ(parseCoordinates("a/b/3/4"), (Coordinates{"a/b", 3, 4}));
  EXPECT_FALSE(parseCoordinates("t/3"));
  EXPECT_FALSE(parseCoordinates("/3/4"));
  EXPECT_FALSE(parseCoordinates("t/-1/4"));
  EXPECT_FALSE(parseCoordinates("t/1/x"));
  EXPECT_EQ(formatCoordinates({"t", 1, 2}), "t/1/2");
  EXPECT_EQ(bigEndianNumber(bigEndian(0xfffffffe, 4)), -2);
  EXPECT_FALSE(bigEndianNumber("abc"));
}

}  // namespace
}  // namespace tracker::event_dlt_monitor
