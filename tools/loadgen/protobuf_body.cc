#include "loadgen/protobuf_body.h"

#include "events/user_behavior_event_batch.pb.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

namespace tracker::loadgen {
namespace {

// Deterministic serialization: map entries (extra_data) in key order, so one seed gives the same
// bytes on every run.
std::string serialize(const google::protobuf::MessageLite& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace

void toProto(const Event& event, ::events::UserBehaviorEvent& message) {
  message.set_event_id(event.event_id);
  message.set_event_type(event.event_type);
  message.set_user_id(event.user_id);
  message.set_target_user_id(event.target_user_id);
  message.set_timestamp(event.timestamp_ms);
  message.set_device_type(event.device_type);
  message.set_source_channel(event.source_channel);
  auto& extra = *message.mutable_extra_data();
  for (const auto& [key, value] : event.extra_data) extra[key] = value;
}

std::string encodeProtobufEvent(const Event& event) {
  ::events::UserBehaviorEvent message;
  toProto(event, message);
  return serialize(message);
}

std::string encodeProtobufBatch(std::span<const Event> events) {
  ::events::UserBehaviorEventBatch batch;
  batch.mutable_events()->Reserve(static_cast<int>(events.size()));
  for (const Event& event : events) toProto(event, *batch.add_events());
  return serialize(batch);
}

}  // namespace tracker::loadgen
