#include "kafka/admin.h"

#include "kafka/errors.h"

#include <algorithm>
#include <string>

namespace tracker::kafka {

void RdKafkaDeleter::operator()(rd_kafka_AdminOptions_t* options) const {
  if (options != nullptr) rd_kafka_AdminOptions_destroy(options);
}
void RdKafkaDeleter::operator()(rd_kafka_queue_t* queue) const {
  if (queue != nullptr) rd_kafka_queue_destroy(queue);
}
void RdKafkaDeleter::operator()(rd_kafka_event_t* event) const {
  if (event != nullptr) rd_kafka_event_destroy(event);
}
void RdKafkaDeleter::operator()(rd_kafka_error_t* error) const {
  if (error != nullptr) rd_kafka_error_destroy(error);
}
void RdKafkaDeleter::operator()(rd_kafka_topic_partition_list_t* list) const {
  if (list != nullptr) rd_kafka_topic_partition_list_destroy(list);
}
void RdKafkaDeleter::operator()(rd_kafka_ListConsumerGroupOffsets_t* request) const {
  if (request != nullptr) rd_kafka_ListConsumerGroupOffsets_destroy(request);
}
void RdKafkaDeleter::operator()(rd_kafka_consumer_group_metadata_t* metadata) const {
  if (metadata != nullptr) rd_kafka_consumer_group_metadata_destroy(metadata);
}

RdKafkaPtr<rd_kafka_AdminOptions_t> makeAdminOptions(rd_kafka_t* client,
                                                     rd_kafka_admin_op_t operation,
                                                     std::chrono::milliseconds timeout) {
  RdKafkaPtr<rd_kafka_AdminOptions_t> options(rd_kafka_AdminOptions_new(client, operation));
  if (!options) return nullptr;
  char reason[256] = {};
  const auto milliseconds = static_cast<int>(std::max<std::chrono::milliseconds::rep>(
      1, std::min<std::chrono::milliseconds::rep>(timeout.count(), 3'600'000)));
  if (rd_kafka_AdminOptions_set_request_timeout(options.get(), milliseconds, reason,
                                                sizeof(reason)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return nullptr;
  }
  return options;
}

common::Result<RdKafkaPtr<rd_kafka_event_t>> awaitAdminResult(rd_kafka_queue_t* queue,
                                                              rd_kafka_event_type_t expected,
                                                              std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    RdKafkaPtr<rd_kafka_event_t> event(rd_kafka_queue_poll(queue, static_cast<int>(left)));
    if (!event || rd_kafka_event_type(event.get()) != expected) continue;
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return common::makeError(std::string(errc::kRequestFailed),
                               std::string(rd_kafka_event_name(event.get())) + ": " +
                                   rd_kafka_event_error_string(event.get()));
    }
    return event;
  }
  return common::makeError(
      std::string(errc::kRequestFailed),
      "no answer from Kafka within " + std::to_string(timeout.count()) + " ms");
}

}  // namespace tracker::kafka
