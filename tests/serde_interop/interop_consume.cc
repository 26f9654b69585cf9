#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "interop.h"
#include "kafka/consumer.h"
#include "serde/deserializer.h"

#include <chrono>
#include <iostream>
#include <random>
#include <string>

namespace tracker::serde_interop {
namespace {

std::string uniqueGroup() {
  std::random_device random;
  return "serde-interop-" + std::to_string(random());
}

std::string jsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

}  // namespace

int consumeEvents(const InteropOptions& options,
                  std::shared_ptr<schema_registry::Client> registry) {
  serde::DeserializerOptions deserializer_options;
  deserializer_options.use_deprecated_format = options.deprecated_format;
  serde::Deserializer<events::UserBehaviorEvent> values(registry, deserializer_options);
  serde::Deserializer<events::UserBehaviorKey> keys(registry, deserializer_options);

  auto consumer = kafka::createConsumer({{"bootstrap.servers", options.bootstrap},
                                         {"group.id", uniqueGroup()},
                                         {"auto.offset.reset", "earliest"},
                                         {"enable.auto.commit", "false"}});
  if (!consumer) {
    std::cerr << "consumer: " << consumer.error().message << '\n';
    return 2;
  }
  if ((*consumer)->subscribe({options.topic}) != RdKafka::ERR_NO_ERROR) return 2;

  int read = 0;
  int failed = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_s);
  while (read < options.count && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message((*consumer)->consume(200));
    if (message->err() == RdKafka::ERR__TIMED_OUT ||
        message->err() == RdKafka::ERR__PARTITION_EOF) {
      continue;
    }
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      std::cerr << "consume: " << message->errstr() << '\n';
      continue;
    }
    ++read;
    std::string head = "{\"partition\":" + std::to_string(message->partition()) +
                       ",\"offset\":" + std::to_string(message->offset());
    std::string_view key_bytes(static_cast<const char*>(message->key_pointer()),
                               message->key_len());
    auto key = keys.deserialize(key_bytes);
    auto event = values.deserialize(
        std::string_view(static_cast<const char*>(message->payload()), message->len()));
    if (!key || !event) {
      ++failed;
      const auto& error = key ? event.error() : key.error();
      std::cout << head << ",\"ok\":false,\"error\":" << jsonString(error.code)
                << ",\"message\":" << jsonString(error.message) << "}\n";
      continue;
    }
    std::cout << head << ",\"ok\":true,\"key_user_id\":" << jsonString(key->message.user_id())
              << ",\"event\":" << toJson(event->message) << "}\n";
  }
  std::cout << "result {\"read\":" << read << ",\"failed\":" << failed << "}" << std::endl;
  return read == options.count && failed == 0 ? 0 : 1;
}

}  // namespace tracker::serde_interop
