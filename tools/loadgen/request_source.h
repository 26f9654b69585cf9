#pragma once

// Turns generated events into request bodies of the chosen wire format and batch size, and knows
// the URL and Content-Type that go with them.

#include "loadgen/event_generator.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::loadgen {

/// The body format of POST /api/events.
enum class BodyFormat { kJson, kProtobuf };

/// One request's body and the number of events in it.
struct RequestBody {
  std::string bytes;
  std::size_t events = 0;
};

/// Builds request bodies from an EventGenerator. Not thread-safe (owned by the sending thread).
class RequestSource {
 public:
  /// `generator` must outlive this object; `batch_size` >= 1 (1 = single-event requests).
  RequestSource(EventGenerator& generator, BodyFormat format, std::size_t batch_size);

  /// The next body of min(batch_size, remaining) events; `remaining` caps the last batch of a
  /// --count run.
  RequestBody next(std::size_t remaining);

  /// "application/json" or "application/x-protobuf".
  std::string_view contentType() const;

  /// The URL to post to: `base_url` (".../api/events") as given.
  std::string url(std::string_view base_url) const;

 private:
  EventGenerator& generator_;
  BodyFormat format_;
  std::size_t batch_size_;
  std::vector<Event> events_;
};

}  // namespace tracker::loadgen
