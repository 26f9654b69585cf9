#include "dead_letter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace tracker::event_consumer {
namespace {

std::map<std::string, std::string> asMap(const HeaderList& headers) {
  return {headers.begin(), headers.end()};
}

ConsumedRecord sampleRecord() {
  ConsumedRecord record;
  record.topic = "user-behavior-events";
  record.partition = 3;
  record.offset = 0x0102030405;
  record.timestamp_ms = 1'700'000'000'123;
  record.timestamp_type = "CreateTime";
  record.key = "k";
  record.value = "v";
  return record;
}

TEST(DeadLetterHeadersTest, SpringNamesWithSpringEncodings) {
  const Failure failure{Stage::kDecode, "serde.bad_magic", "first byte is 7", 1};
  const auto headers = asMap(deadLetterHeaders(sampleRecord(), failure, "event-consumer"));
  EXPECT_EQ(headers.at("kafka_dlt-original-topic"), "user-behavior-events");
  EXPECT_EQ(headers.at("kafka_dlt-original-partition"), std::string("\0\0\0\3", 4));
  EXPECT_EQ(headers.at("kafka_dlt-original-offset"), std::string("\0\0\0\1\2\3\4\5", 8));
  EXPECT_EQ(headers.at("kafka_dlt-original-timestamp"),
            std::string("\x00\x00\x01\x8b\xcf\xe5\x68\x7b", 8));
  EXPECT_EQ(headers.at("kafka_dlt-original-timestamp-type"), "CreateTime");
  EXPECT_EQ(headers.at("kafka_dlt-original-consumer-group"), "event-consumer");
  EXPECT_EQ(headers.at("kafka_dlt-exception-fqcn"), "tracker.event_consumer.DecodeException");
  EXPECT_EQ(headers.at("kafka_dlt-exception-message"), "serde.bad_magic: first byte is 7");
  EXPECT_EQ(headers.at("x-tracker-stage"), "decode");
  EXPECT_EQ(headers.at("x-tracker-error-code"), "serde.bad_magic");
  EXPECT_EQ(headers.at("x-tracker-attempts"), "1");
}

// As Spring's DeadLetterPublishingRecoverer: the record's own headers come first, so a replayed
// record's x-tracker-replay-* reach the DLT; an earlier failure's dead-letter headers do not
// repeat.
TEST(DeadLetterHeadersTest, TheRecordsOwnHeadersComeFirstWithoutEarlierDeadLetterHeaders) {
  ConsumedRecord record = sampleRecord();
  record.headers = {{"x-tracker-replay-of", "user-behavior-events/3/7"},
                    {"x-tracker-replay-count", "1"},
                    {"kafka_dlt-original-offset", "old"},
                    {"x-tracker-stage", "old"}};
  const Failure failure{Stage::kPostgres, "fault.injected", "no", 4};
  const HeaderList headers = deadLetterHeaders(record, failure, "event-consumer");
  ASSERT_GE(headers.size(), 2U);
  EXPECT_EQ(headers[0], (std::pair<std::string, std::string>{"x-tracker-replay-of",
                                                             "user-behavior-events/3/7"}));
  EXPECT_EQ(headers[1].first, "x-tracker-replay-count");
  const auto count = [&](const std::string& name) {
    return std::count_if(headers.begin(), headers.end(),
                         [&](const auto& header) { return header.first == name; });
  };
  EXPECT_EQ(count("kafka_dlt-original-offset"), 1);
  EXPECT_EQ(count("x-tracker-stage"), 1);
  EXPECT_EQ(asMap(headers).at("x-tracker-stage"), "postgres");
}

TEST(DeadLetterHeadersTest, EveryStageHasItsName) {
  EXPECT_STREQ(stageName(Stage::kDecode), "decode");
  EXPECT_STREQ(stageName(Stage::kValidate), "validate");
  EXPECT_STREQ(stageName(Stage::kPostgres), "postgres");
  EXPECT_STREQ(stageName(Stage::kSearch), "search");
  const Failure failure{Stage::kSearch, "search.mapper_parsing_exception", "x", 4};
  const auto headers = asMap(deadLetterHeaders(sampleRecord(), failure, "g"));
  EXPECT_EQ(headers.at("x-tracker-stage"), "search");
  EXPECT_EQ(headers.at("x-tracker-attempts"), "4");
}

TEST(DeadLetterHeadersTest, RecordWithoutTimestampHasNoTimestampHeaders) {
  ConsumedRecord record = sampleRecord();
  record.timestamp_ms = -1;
  const auto headers = asMap(deadLetterHeaders(record, Failure{}, "g"));
  EXPECT_FALSE(headers.contains("kafka_dlt-original-timestamp"));
  EXPECT_FALSE(headers.contains("kafka_dlt-original-timestamp-type"));
}

TEST(DeadLetterHeadersTest, LongMessagesAreCutAtACharacterBoundary) {
  Failure failure{Stage::kValidate, "c", std::string(5000, 'x'), 1};
  failure.message.replace(4092, 2, "é");  // é straddles the 4096-byte limit ("c: " is 3 bytes)
  const auto message =
      asMap(deadLetterHeaders(sampleRecord(), failure, "g")).at("kafka_dlt-exception-message");
  EXPECT_LE(message.size(), 4096u);
  EXPECT_EQ(message.size(), 4095u);
  EXPECT_EQ(message.back(), 'x');
}

// Review M5: a letter too large for the DLT failed for ever (pause, resume, fail again).
TEST(DeadLetterTruncationTest, KeepsCoordinatesAndPrefixesAndNamesTheOriginalSizes) {
  ConsumedRecord record = sampleRecord();
  record.key = std::string(10'000, 'k');
  record.value = std::string(999'000, 'v');
  record.headers = {{"big", std::string(50'000, 'h')}, {"x-tracker-replay-count", "1"}};
  const ConsumedRecord cut = truncatedForDlt(record);
  EXPECT_EQ(cut.partition, record.partition);
  EXPECT_EQ(cut.offset, record.offset);
  EXPECT_EQ(cut.timestamp_ms, record.timestamp_ms);
  EXPECT_EQ(*cut.key, record.key->substr(0, kTruncatedKeyBytes));
  EXPECT_EQ(*cut.value, record.value->substr(0, kTruncatedValueBytes));
  ASSERT_EQ(cut.headers.size(), 1U);
  EXPECT_EQ(cut.headers[0].first, kTruncatedHeader);
  EXPECT_EQ(cut.headers[0].second, "key 10000 bytes, value 999000 bytes, 2 headers dropped");
  // The letter built from it carries the failure's headers and the coordinates as usual.
  const auto headers =
      asMap(deadLetterHeaders(cut, Failure{Stage::kDecode, "serde.bad_magic", "x"}, "g"));
  EXPECT_EQ(headers.at("x-tracker-truncated"), cut.headers[0].second);
  EXPECT_EQ(headers.at("x-tracker-stage"), "decode");
}

TEST(DeadLetterTruncationTest, NullKeyAndValueStayNull) {
  ConsumedRecord record = sampleRecord();
  record.key.reset();
  record.value.reset();
  const ConsumedRecord cut = truncatedForDlt(record);
  EXPECT_FALSE(cut.key.has_value());
  EXPECT_FALSE(cut.value.has_value());
  EXPECT_EQ(cut.headers[0].second, "key 0 bytes, value 0 bytes, 0 headers dropped");
}

TEST(DeadLetterTruncationTest, TooLargeErrorsAreTheSizeOnes) {
  EXPECT_TRUE(isTooLarge(RdKafka::ERR_MSG_SIZE_TOO_LARGE));
  EXPECT_TRUE(isTooLarge(RdKafka::ERR_RECORD_LIST_TOO_LARGE));
  EXPECT_FALSE(isTooLarge(RdKafka::ERR__MSG_TIMED_OUT));
  EXPECT_FALSE(isTooLarge(RdKafka::ERR_NO_ERROR));
}

}  // namespace
}  // namespace tracker::event_consumer
