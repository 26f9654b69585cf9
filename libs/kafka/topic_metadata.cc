#include "kafka/topic_metadata.h"

#include "kafka/errors.h"

#include <memory>

namespace tracker::kafka {

common::Result<std::int32_t> topicPartitionCount(RdKafka::Handle& handle, const std::string& topic,
                                                 std::chrono::milliseconds timeout) {
  std::string reason;
  // Asking for one topic (not all_topics) needs a topic handle; librdkafka shares one per name.
  const std::unique_ptr<RdKafka::Topic> topic_handle(
      RdKafka::Topic::create(&handle, topic, nullptr, reason));
  if (!topic_handle) return common::makeError(std::string(errc::kTopicUnavailable), reason);
  RdKafka::Metadata* raw = nullptr;
  const RdKafka::ErrorCode code =
      handle.metadata(false, topic_handle.get(), &raw, static_cast<int>(timeout.count()));
  const std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (code != RdKafka::ERR_NO_ERROR || !metadata) {
    return common::makeError(std::string(errc::kRequestFailed), RdKafka::err2str(code));
  }
  const RdKafka::TopicMetadata* found = nullptr;
  for (const RdKafka::TopicMetadata* candidate : *metadata->topics()) {
    if (candidate->topic() == topic) found = candidate;
  }
  if (found == nullptr || found->err() != RdKafka::ERR_NO_ERROR) {
    return common::makeError(
        std::string(errc::kTopicUnavailable),
        RdKafka::err2str(found != nullptr ? found->err() : RdKafka::ERR_UNKNOWN_TOPIC_OR_PART));
  }
  if (found->partitions()->empty()) {
    return common::makeError(std::string(errc::kTopicUnavailable), "no partitions");
  }
  return static_cast<std::int32_t>(found->partitions()->size());
}

}  // namespace tracker::kafka
