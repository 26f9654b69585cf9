#include "kafka/awaited_delivery.h"

#include <algorithm>
#include <memory>

namespace tracker::kafka {

void AwaitedDeliveryReports::dr_cb(RdKafka::Message& message) {
  auto* acknowledgement = static_cast<Acknowledgement*>(message.msg_opaque());
  if (acknowledgement == nullptr) return;
  acknowledgement->done = true;
  acknowledgement->error = message.err();
  acknowledgement->error_text = message.errstr();
  acknowledgement->partition = message.partition();
  acknowledgement->offset = message.offset();
}

std::vector<Acknowledgement> produceAndAwait(RdKafka::Producer& producer,
                                             std::span<const OutgoingRecord> records,
                                             std::chrono::milliseconds timeout) {
  // Reports write into `acknowledgements` by address: it must not move until every report is in.
  std::vector<Acknowledgement> acknowledgements(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const OutgoingRecord& record = records[i];
    std::unique_ptr<RdKafka::Headers> headers(RdKafka::Headers::create());
    for (const auto& [name, value] : record.headers) headers->add(name, value.data(), value.size());
    const std::string topic(record.topic);
    RdKafka::ErrorCode code = RdKafka::ERR_NO_ERROR;
    do {
      code = producer.produce(
          topic, record.partition, RdKafka::Producer::RK_MSG_COPY,
          record.value != nullptr ? const_cast<char*>(record.value->data()) : nullptr,
          record.value != nullptr ? record.value->size() : 0,
          record.key != nullptr ? record.key->data() : nullptr,
          record.key != nullptr ? record.key->size() : 0, 0, headers.get(), &acknowledgements[i]);
      if (code == RdKafka::ERR__QUEUE_FULL) producer.poll(50);  // wait for room, in order
    } while (code == RdKafka::ERR__QUEUE_FULL);
    if (code != RdKafka::ERR_NO_ERROR) {
      acknowledgements[i] = {true, code, RdKafka::err2str(code), -1, -1};
      continue;
    }
    headers.release();  // librdkafka owns the headers once produce() succeeded
  }
  const auto all_done = [&] {
    return std::all_of(acknowledgements.begin(), acknowledgements.end(),
                       [](const Acknowledgement& a) { return a.done; });
  };
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!all_done() && std::chrono::steady_clock::now() < deadline) producer.poll(10);
  if (!all_done()) {
    // The reports must not reach a dead stack frame: drop what is left and collect its reports.
    producer.purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    while (!all_done()) producer.poll(50);
  }
  for (Acknowledgement& acknowledgement : acknowledgements) {
    if (acknowledgement.error == RdKafka::ERR__PURGE_QUEUE ||
        acknowledgement.error == RdKafka::ERR__PURGE_INFLIGHT) {
      acknowledgement.error_text = "no acknowledgement in time";
    }
  }
  return acknowledgements;
}

}  // namespace tracker::kafka
