#include "loadgen/request_source.h"

#include "loadgen/json_body.h"
#include "loadgen/protobuf_body.h"

#include <algorithm>

namespace tracker::loadgen {

RequestSource::RequestSource(EventGenerator& generator, BodyFormat format, std::size_t batch_size)
    : generator_(generator), format_(format), batch_size_(batch_size) {}

RequestBody RequestSource::next(std::size_t remaining) {
  const std::size_t count = std::max<std::size_t>(1, std::min(batch_size_, remaining));
  generator_.nextBatch(count, events_);
  RequestBody body;
  body.events = count;
  if (format_ == BodyFormat::kJson) {
    body.bytes = encodeJsonBody(events_, /*as_array=*/batch_size_ > 1);
  } else if (batch_size_ == 1) {
    body.bytes = encodeProtobufEvent(events_[0]);
  } else {
    // A --count remainder of one event still goes as a batch, like every other of the run.
    body.bytes = encodeProtobufBatch(events_);
  }
  return body;
}

std::string_view RequestSource::contentType() const {
  if (format_ == BodyFormat::kJson) return "application/json";
  // The event-producer tells a batch from a single event by this media type parameter.
  return batch_size_ > 1 ? "application/x-protobuf; messageType=events.UserBehaviorEventBatch"
                         : "application/x-protobuf";
}

std::string RequestSource::url(std::string_view base_url) const { return std::string(base_url); }

}  // namespace tracker::loadgen
