#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "interop.h"
#include "kafka/producer.h"
#include "serde/serializer.h"

#include <chrono>
#include <iostream>
#include <string>

namespace tracker::serde_interop {
namespace {

// Delivery reports: counts failures so the exit code can say whether every record landed.
class DeliveryCounter final : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      ++failed;
      std::cerr << "delivery failed: " << message.errstr() << '\n';
    } else {
      ++acked;
    }
  }
  int acked = 0;
  int failed = 0;
};

events::UserBehaviorEvent makeEvent(int i) {
  events::UserBehaviorEvent event;
  event.set_event_id("cpp-interop-" + std::to_string(i));
  event.set_event_type(i % 3 == 0 ? "post_created" : "follow");
  event.set_user_id("user-" + std::to_string(i % 4));
  event.set_target_user_id(i % 3 == 0 ? "" : "user-" + std::to_string((i + 1) % 4));
  event.set_timestamp(1'732'600'000'000 + i);
  event.set_device_type(i % 2 ? "ios" : "web");
  event.set_source_channel("interop");
  (*event.mutable_extra_data())["i"] = std::to_string(i);
  if (i % 3 == 0) (*event.mutable_extra_data())["title"] = "hello 世界 " + std::to_string(i);
  return event;
}

}  // namespace

int produceEvents(const InteropOptions& options,
                  std::shared_ptr<schema_registry::Client> registry) {
  serde::SerializerOptions value_options;
  value_options.use_deprecated_format = options.deprecated_format;
  serde::SerializerOptions key_options = value_options;
  key_options.is_key = true;
  serde::Serializer<events::UserBehaviorEvent> values(registry, value_options);
  serde::Serializer<events::UserBehaviorKey> keys(registry, key_options);

  DeliveryCounter deliveries;
  kafka::ClientCallbacks callbacks;
  callbacks.delivery_report = &deliveries;
  auto producer = kafka::createReliableProducer(
      {{"bootstrap.servers", options.bootstrap}, {"linger.ms", "5"}}, callbacks);
  if (!producer) {
    std::cerr << "producer: " << producer.error().message << '\n';
    return 2;
  }
  for (int i = 0; i < options.count; ++i) {
    events::UserBehaviorEvent event = makeEvent(i);
    events::UserBehaviorKey key;
    key.set_user_id(event.user_id());
    auto key_bytes = keys.serialize(options.topic, key);
    auto value_bytes = values.serialize(options.topic, event);
    if (!key_bytes || !value_bytes) {
      const auto& error = key_bytes ? value_bytes.error() : key_bytes.error();
      std::cerr << "serialize: " << error.code << ": " << error.message << '\n';
      return 1;
    }
    auto err = (*producer)->produce(
        options.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
        value_bytes->data(), value_bytes->size(), key_bytes->data(), key_bytes->size(), 0, nullptr);
    if (err != RdKafka::ERR_NO_ERROR) {
      std::cerr << "produce: " << RdKafka::err2str(err) << '\n';
      return 1;
    }
    std::cout << "{\"key_user_id\":\"" << key.user_id() << "\",\"event\":" << toJson(event)
              << "}\n";
  }
  (*producer)->flush(options.timeout_s * 1000);
  std::cout << "result {\"acked\":" << deliveries.acked << ",\"failed\":" << deliveries.failed
            << "}" << std::endl;
  return deliveries.acked == options.count ? 0 : 1;
}

}  // namespace tracker::serde_interop
