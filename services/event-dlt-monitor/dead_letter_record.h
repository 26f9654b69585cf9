#pragma once

// One record of the DLT, read the way Spring Kafka's DeadLetterPublishingRecoverer wrote it (and
// our consumer writes it): the original coordinates in kafka_dlt-original-* headers (partition a
// 4-byte big-endian int, offset and timestamp 8-byte big-endian longs), why it failed in
// x-tracker-stage / x-tracker-error-code / x-tracker-attempts, and, for a replay that failed
// again, x-tracker-replay-of ("<topic>/<partition>/<offset>" of the chain's first dead letter)
// and x-tracker-replay-count. Pure: no Kafka, no database.

#include "kafka/message_headers.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::event_dlt_monitor {

/// Header names and values in order; values are bytes.
using HeaderList = kafka::Headers;

/// Kafka coordinates of a record.
struct Coordinates {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  friend bool operator==(const Coordinates&, const Coordinates&) = default;
};

/// A DLT record as Kafka handed it over.
struct RawDeadLetter {
  Coordinates dlt;
  std::optional<std::string> key;
  std::optional<std::string> value;
  HeaderList headers;
};

/// What the monitor stores of a dead letter.
struct DeadLetter {
  /// Where the failed record sat; the DLT coordinates when the headers do not say (a record
  /// written to the DLT by something else), so every DLT record is still stored exactly once.
  Coordinates original;
  /// Epoch milliseconds; nullopt when the header is absent or malformed.
  std::optional<std::int64_t> original_timestamp_ms;
  Coordinates dlt;
  std::optional<std::string> key;
  std::optional<std::string> value;
  HeaderList headers;
  /// decode, validate, postgres, search; "unknown" when the header is absent.
  std::string stage;
  std::string error_code;
  std::string error_message;
  int attempts = 1;
  std::string consumer_group;
  /// The first dead letter of a replay chain; nullopt for a first failure.
  std::optional<Coordinates> replay_of;
  int replay_count = 0;
};

/// The value of the last header called `name` (Kafka allows repeats; the last one is the newest,
/// as Spring reads them), or nullopt.
std::optional<std::string_view> lastHeader(const HeaderList& headers, std::string_view name);

/// A big-endian integer of exactly 4 or 8 bytes, as Spring writes partition/offset/timestamp;
/// nullopt for any other length.
std::optional<std::int64_t> bigEndianNumber(std::string_view bytes);

/// "<topic>/<partition>/<offset>" → coordinates (the topic may itself contain '/': the last two
/// fields are the numbers); nullopt when malformed.
std::optional<Coordinates> parseCoordinates(std::string_view text);

/// "<topic>/<partition>/<offset>".
std::string formatCoordinates(const Coordinates& coordinates);

/// Reads a DLT record into what is stored. Never fails: missing or malformed headers leave their
/// fields at the defaults described above.
DeadLetter readDeadLetter(RawDeadLetter record);

}  // namespace tracker::event_dlt_monitor
