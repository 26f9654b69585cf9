#include "summary.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace tracker::kafka_roundtrip {
namespace {

double toMillisecondPrecision(double seconds) { return std::round(seconds * 1000.0) / 1000.0; }

}  // namespace

bool RoundtripSummary::passed() const {
  return acked > 0 && acked_missing == 0 && duplicates == 0 && order_violations == 0 &&
         keys_split_across_partitions == 0;
}

std::string RoundtripSummary::toJson() const {
  nlohmann::ordered_json json;
  json["produced"] = produced;
  json["acked"] = acked;
  json["failed"] = failed;
  json["consumed"] = consumed;
  json["acked_missing"] = acked_missing;
  json["duplicates"] = duplicates;
  json["order_violations"] = order_violations;
  json["keys_split_across_partitions"] = keys_split_across_partitions;
  json["partitions_seen"] = partitions_seen;
  json["produce_seconds"] = toMillisecondPrecision(produce_seconds);
  json["consume_seconds"] = toMillisecondPrecision(consume_seconds);
  json["failed_errors"] = failed_errors;
  return json.dump();
}

}  // namespace tracker::kafka_roundtrip
