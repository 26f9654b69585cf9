#pragma once

// The values that travel through the consumer: a record as Kafka handed it over, and the event
// decoded from it together with where it came from.

#include "events/user_behavior_event.pb.h"
#include "kafka/message_headers.h"

#include <cstdint>
#include <optional>
#include <string>

namespace tracker::event_consumer {

/// Header names and values in order. Values are bytes.
using HeaderList = kafka::Headers;

/// One Kafka record, copied out of librdkafka's message (which is freed right after consume()).
struct ConsumedRecord {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  /// Broker or producer timestamp in epoch milliseconds; -1 when the record has none.
  std::int64_t timestamp_ms = -1;
  /// "CreateTime" or "LogAppendTime"; empty when the record has no timestamp.
  std::string timestamp_type;
  /// nullopt for a null key (distinct from an empty one).
  std::optional<std::string> key;
  std::optional<std::string> value;
  /// The record's own headers, in order (e.g. x-tracker-replay-of on a replayed dead letter).
  HeaderList headers;
};

/// A record that decoded and validated: the event plus its Kafka coordinates and writer schema id,
/// which both sinks store.
struct DecodedEvent {
  ::events::UserBehaviorEvent event;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::int32_t schema_id = 0;
};

/// Which step of the pipeline gave up on a record; the value of the x-tracker-stage header.
enum class Stage { kDecode, kValidate, kPostgres, kSearch };

/// "decode", "validate", "postgres", "search".
const char* stageName(Stage stage);

}  // namespace tracker::event_consumer
