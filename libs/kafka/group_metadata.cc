#include "kafka/group_metadata.h"

#include "kafka/admin.h"
#include "kafka/errors.h"

#include <librdkafka/rdkafka.h>

#include <cstring>
#include <memory>

namespace tracker::kafka {
namespace {

constexpr std::string_view kMagic = "CGMDv2:";

common::Result<ConsumerGroupMetadata> bad(std::string message) {
  return common::makeError(std::string(errc::kBadGroupMetadata), std::move(message));
}

// Takes a NUL-terminated string off the front of `rest`; nullopt when there is no terminator.
std::optional<std::string> takeString(std::string_view& rest) {
  const auto end = rest.find('\0');
  if (end == std::string_view::npos) return std::nullopt;
  std::string value(rest.substr(0, end));
  rest.remove_prefix(end + 1);
  return value;
}

struct MemFree {
  void operator()(void* pointer) const { rd_kafka_mem_free(nullptr, pointer); }
};

}  // namespace

common::Result<ConsumerGroupMetadata> parseConsumerGroupMetadata(std::string_view bytes) {
  if (!bytes.starts_with(kMagic)) {
    return bad("not librdkafka consumer group metadata v2 (magic \"CGMDv2:\" missing)");
  }
  std::string_view rest = bytes.substr(kMagic.size());
  ConsumerGroupMetadata metadata;
  if (rest.size() < sizeof(metadata.generation_id)) return bad("truncated before generation id");
  // librdkafka memcpy()s the int32, so it is in this host's byte order.
  std::memcpy(&metadata.generation_id, rest.data(), sizeof(metadata.generation_id));
  rest.remove_prefix(sizeof(metadata.generation_id));
  auto group_id = takeString(rest);
  if (!group_id) return bad("group id not terminated");
  metadata.group_id = std::move(*group_id);
  auto member_id = takeString(rest);
  if (!member_id) return bad("member id not terminated");
  metadata.member_id = std::move(*member_id);
  if (rest.empty()) return bad("truncated before the group instance id flag");
  const bool instance_is_null = rest.front() != 0;
  rest.remove_prefix(1);
  if (!instance_is_null) {
    auto instance = takeString(rest);
    if (!instance) return bad("group instance id not terminated");
    metadata.group_instance_id = std::move(*instance);
  }
  if (!rest.empty()) return bad(std::to_string(rest.size()) + " unexpected trailing bytes");
  return metadata;
}

common::Result<ConsumerGroupMetadata> consumerGroupMetadata(RdKafka::KafkaConsumer* consumer) {
  if (consumer == nullptr) return bad("no consumer");
  RdKafkaPtr<rd_kafka_consumer_group_metadata_t> metadata(
      rd_kafka_consumer_group_metadata(consumer->c_ptr()));
  if (!metadata) return bad("the client is not a group consumer");
  void* buffer = nullptr;
  std::size_t size = 0;
  RdKafkaPtr<rd_kafka_error_t> error(
      rd_kafka_consumer_group_metadata_write(metadata.get(), &buffer, &size));
  if (error) return bad(rd_kafka_error_string(error.get()));
  const std::unique_ptr<void, MemFree> owned(buffer);
  return parseConsumerGroupMetadata(std::string_view(static_cast<const char*>(buffer), size));
}

std::int32_t consumerGeneration(RdKafka::KafkaConsumer* consumer) {
  auto metadata = consumerGroupMetadata(consumer);
  return metadata ? metadata->generation_id : -1;
}

}  // namespace tracker::kafka
