#pragma once

// One generated event, in the shape of the ingest API's JSON object and of events.UserBehaviorEvent
// (ARCHITECTURE.md §3). Plain strings: the body encoders turn it into either wire format.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tracker::loadgen {

/// A user-behaviour event as the load generator sends it.
struct Event {
  /// Empty unless event ids are generated client-side (then sent, else left to the service).
  std::string event_id;
  std::string event_type;
  std::string user_id;
  /// The other user (follow, like, ...); empty when there is none.
  std::string target_user_id;
  /// Epoch milliseconds, UTC.
  std::int64_t timestamp_ms = 0;
  std::string device_type;
  std::string source_channel;
  /// Keys are unique; kept in generation order so encodings are byte-for-byte repeatable.
  std::vector<std::pair<std::string, std::string>> extra_data;

  /// The value of extra_data key `key`, or nullptr.
  const std::string* extra(std::string_view key) const {
    for (const auto& [k, v] : extra_data) {
      if (k == key) return &v;
    }
    return nullptr;
  }

  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace tracker::loadgen
