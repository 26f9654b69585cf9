#pragma once

// The outcome of one kafka-roundtrip run and its one-line JSON form, which the system test parses.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tracker::kafka_roundtrip {

/// Counts and timings of one run. Field names are the JSON keys of the result line.
struct RoundtripSummary {
  std::int64_t produced = 0;  ///< Records handed to the producer (the requested --count).
  std::int64_t acked = 0;     ///< Delivery reports without error.
  std::int64_t failed = 0;    ///< Delivery reports with an error, plus produce() calls refused.
  std::int64_t consumed = 0;  ///< Records of this run read back, duplicates included.
  std::int64_t acked_missing = 0;     ///< Acknowledged records never read back.
  std::int64_t duplicates = 0;        ///< Extra copies of records already read.
  std::int64_t order_violations = 0;  ///< Offsets or per-key sequence numbers not increasing.
  std::int64_t keys_split_across_partitions = 0;  ///< Keys seen in more than one partition.
  std::vector<std::int32_t> partitions_seen;      ///< Partitions records were read from, sorted.
  double produce_seconds = 0;                     ///< From the first produce() to the end of flush.
  double consume_seconds = 0;                     ///< From subscribe to the end of reading.
  std::map<std::string, std::int64_t> failed_errors;  ///< Failure count per error string.

  /// True iff the run proves at-least-once, in-order, no-duplicate delivery of what was acked:
  /// something was acked, nothing acked is missing, no duplicates, no order violation, no split
  /// key.
  bool passed() const;

  /// The summary as one line of JSON (no newline), keys in the documented order.
  std::string toJson() const;
};

}  // namespace tracker::kafka_roundtrip
