#include "produce_phase.h"

#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "kafka/producer.h"
#include "kafka_event_logger.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>

namespace tracker::kafka_roundtrip {
namespace {

using Clock = std::chrono::steady_clock;

// The message opaque carries the record index, so a delivery report is tied back to the plan
// without keeping a table of every record in memory.
void* indexToOpaque(std::int64_t index) {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(index));
}
std::int64_t opaqueToIndex(void* opaque) {
  return static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(opaque));
}

class DeliveryTracker final : public RdKafka::DeliveryReportCb {
 public:
  DeliveryTracker(const std::string& run_id, std::int64_t keys, RoundtripChecker& checker,
                  std::ostream& progress)
      : run_id_(run_id), keys_(keys), checker_(checker), progress_(progress) {}

  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      checker_.onFailed(message.errstr());
      return;
    }
    PlannedRecord planned = planRecord(run_id_, opaqueToIndex(message.msg_opaque()), keys_);
    checker_.onAcked(RecordPosition{std::move(planned.event_id), std::move(planned.user_id),
                                    planned.seq, message.partition(), message.offset()});
    if (checker_.acked() % 100 == 0) {
      progress_ << "progress acked=" << checker_.acked() << " failed=" << checker_.failed()
                << std::endl;  // flushed: a test waits for this line to act mid-stream
    }
  }

 private:
  std::string run_id_;
  std::int64_t keys_;
  RoundtripChecker& checker_;
  std::ostream& progress_;
};

std::int64_t epochMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int millisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

// Hands one record to librdkafka, waiting (while serving delivery reports) when its queue is full.
void produceOne(RdKafka::Producer& producer, const Options& options, const std::string& run_id,
                std::int64_t index, RoundtripChecker& checker) {
  const PlannedRecord planned = planRecord(run_id, index, options.keys);
  const std::int64_t now_ms = epochMillisNow();

  events::UserBehaviorKey key;
  key.set_user_id(planned.user_id);
  const std::string key_bytes = key.SerializeAsString();

  events::UserBehaviorEvent event;
  event.set_event_id(planned.event_id);
  event.set_event_type("page_view");
  event.set_user_id(planned.user_id);
  event.set_timestamp(now_ms);
  event.set_source_channel("kafka-roundtrip");
  (*event.mutable_extra_data())["seq"] = std::to_string(planned.seq);
  std::string value_bytes = event.SerializeAsString();

  for (;;) {
    RdKafka::ErrorCode error =
        producer.produce(options.topic, RdKafka::Topic::PARTITION_UA,
                         RdKafka::Producer::RK_MSG_COPY, value_bytes.data(), value_bytes.size(),
                         key_bytes.data(), key_bytes.size(), now_ms, indexToOpaque(index));
    if (error == RdKafka::ERR_NO_ERROR) return;
    if (error != RdKafka::ERR__QUEUE_FULL) {
      checker.onFailed(RdKafka::err2str(error));
      return;
    }
    // Bounded: queued messages either get delivered or time out after message.timeout.ms.
    producer.poll(100);
  }
}

}  // namespace

PlannedRecord planRecord(const std::string& run_id, std::int64_t index, std::int64_t keys) {
  return PlannedRecord{run_id + "-" + std::to_string(index), "user-" + std::to_string(index % keys),
                       index / keys};
}

common::Result<double> runProducePhase(const Options& options, const std::string& run_id,
                                       RoundtripChecker& checker, std::ostream& progress) {
  DeliveryTracker delivery_tracker(run_id, options.keys, checker, progress);
  KafkaEventLogger event_logger("producer");
  auto producer = kafka::createReliableProducer(
      {{"bootstrap.servers", options.bootstrap},
       {"partitioner", std::string(kafka::kJavaCompatiblePartitioner)},
       {"linger.ms", "5"},
       {"message.timeout.ms", "120000"}},
      kafka::ClientCallbacks{.delivery_report = &delivery_tracker, .event = &event_logger});
  if (!producer) return tl::unexpected(producer.error());

  const Clock::time_point start = Clock::now();
  for (std::int64_t index = 0; index < options.count; ++index) {
    if (options.rate > 0) {
      const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(index / options.rate));
      while (Clock::now() < due) (*producer)->poll(std::max(1, millisUntil(due)));
    }
    produceOne(**producer, options, run_id, index, checker);
    (*producer)->poll(0);
  }

  const auto flush_deadline = Clock::now() + std::chrono::seconds(options.timeout_s);
  if ((*producer)->flush(millisUntil(flush_deadline)) != RdKafka::ERR_NO_ERROR) {
    std::cerr << "flush timed out with " << (*producer)->outq_len()
              << " messages undelivered; purging them (they count as failed)\n";
    (*producer)->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    (*producer)->flush(5000);  // serves the purged messages' delivery reports
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if ((*producer)->outq_len() > 0) {
    std::cerr << (*producer)->outq_len() << " messages still without a delivery report\n";
  }
  return seconds;
}

}  // namespace tracker::kafka_roundtrip
