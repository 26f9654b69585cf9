#pragma once

// The JSON bodies the ingest API answers with (openapi.json describes the same shapes):
//   error         {"error":{"code","message"[,"field"][,"event_id"][,"errors":[...]]}}
//                 (the plain {"error":{"code","message"}} is http_server/api_error.h's)
//   201 accepted  {"event_id","partition","offset"}
//   422 invalid   {"error":{"code","message","field","errors":[{"code","field","message"}...]}}
//   200 batch     {"accepted","rejected","failed","results":[item...]}
//     item: {"index","event_id","status":"accepted","partition","offset"}
//         | {"index"[,"event_id"],"status":"rejected","errors":[{"code","field","message"}...]}
//         | {"index","event_id","status":"failed","errors":[{"code","field":"","message"}]}
// Every string is escaped and made valid UTF-8 (invalid bytes become U+FFFD), whatever the
// client sent (http_server::appendJsonString).

#include "events/validation.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_producer {

/// What happened to one item of a request.
enum class ItemStatus {
  kAccepted,  ///< Acknowledged by Kafka (partition and offset known).
  kRejected,  ///< Invalid; never produced (errors say why).
  kFailed,    ///< Valid, but Kafka did not take it (errors hold one entry, field empty).
};

/// One entry of a batch answer.
struct ItemResult {
  std::size_t index = 0;
  /// Empty when the item has no id (a rejected item whose client sent none).
  std::string event_id;
  ItemStatus status = ItemStatus::kAccepted;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  std::vector<events::FieldError> errors;
};

/// The 201 body of a single accepted event.
std::string renderAccepted(std::string_view event_id, std::int32_t partition, std::int64_t offset);

/// The 422 body of a single invalid event: the first error's code, field and message, all of
/// them in "errors", and the event_id when the client sent one. `errors` must not be empty.
std::string renderInvalidEvent(std::string_view event_id,
                               const std::vector<events::FieldError>& errors);

/// The 503 body of a single valid event that Kafka did not take.
std::string renderFailedEvent(std::string_view event_id, std::string_view code,
                              std::string_view message);

/// The 200 body of a batch.
std::string renderBatch(const std::vector<ItemResult>& results);

}  // namespace tracker::event_producer
