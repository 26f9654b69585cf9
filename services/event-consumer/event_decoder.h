#pragma once

// Turning a consumed record into a validated event: key and value deserialized against the
// registry (the frame read once, its schema id kept), the event checked against the catalogue.

#include "dead_letter.h"
#include "events/catalogue.h"
#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "events/validation.h"
#include "record.h"
#include "serde/deserializer.h"

#include <optional>

namespace tracker::event_consumer {

/// What decoding a record gave: exactly one of the three is set.
struct DecodeResult {
  /// Decoded and valid.
  std::optional<DecodedEvent> event;
  /// Bad input (stage decode or validate): dead-letter it, never retry.
  std::optional<Failure> dead;
  /// The registry could not be asked: an outage, try the record again later.
  std::optional<common::Error> transient;
};

/// Decodes records. Everything referenced must outlive the decoder. Consumer thread only.
class EventDecoder {
 public:
  using KeyDeserializer = serde::Deserializer<::events::UserBehaviorKey>;
  using ValueDeserializer = serde::Deserializer<::events::UserBehaviorEvent>;

  /// The time window is not checked: events were validated at ingest against the clock of that
  /// moment, and a replay days later must not turn them into dead letters.
  EventDecoder(KeyDeserializer& keys, ValueDeserializer& values,
               const events::Catalogue& catalogue);

  DecodeResult decode(const ConsumedRecord& record);

 private:
  KeyDeserializer& keys_;
  ValueDeserializer& values_;
  const events::Catalogue& catalogue_;
  events::ValidationLimits limits_;
};

}  // namespace tracker::event_consumer
