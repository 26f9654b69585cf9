#include "consume_phase.h"

#include "common/parse.h"
#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "kafka/consumer.h"
#include "kafka_event_logger.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

namespace tracker::kafka_roundtrip {
namespace {

using Clock = std::chrono::steady_clock;

// Follows the group assignment and which assigned partitions have been read to their end, so the
// phase knows when "everything there is" has been read. Eager rebalancing (librdkafka's default
// assignors), so each event replaces the whole assignment.
class PartitionTracker final : public RdKafka::RebalanceCb {
 public:
  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode error,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    assigned_.clear();
    at_end_.clear();
    if (error == RdKafka::ERR__ASSIGN_PARTITIONS) {
      for (const auto* partition : partitions) assigned_.insert(partition->partition());
      consumer->assign(partitions);
    } else {
      consumer->unassign();
    }
    std::cerr << "consumer assigned " << assigned_.size() << " partitions\n";
  }

  void onEnd(std::int32_t partition) { at_end_.insert(partition); }
  void onRecord(std::int32_t partition) { at_end_.erase(partition); }

  bool allAtEnd() const {
    if (assigned_.empty()) return false;
    for (std::int32_t partition : assigned_) {
      if (!at_end_.contains(partition)) return false;
    }
    return true;
  }

 private:
  std::set<std::int32_t> assigned_;
  std::set<std::int32_t> at_end_;
};

// Decodes a record written by the produce phase; nullopt (with the reason on stderr, for the
// first few) if it is not one.
std::optional<RecordPosition> decode(const RdKafka::Message& message) {
  static int reported = 0;
  auto reject = [&](const char* why) -> std::optional<RecordPosition> {
    if (++reported <= 5) {
      std::cerr << "skipping undecodable record at partition " << message.partition() << " offset "
                << message.offset() << ": " << why << '\n';
    }
    return std::nullopt;
  };
  events::UserBehaviorKey key;
  if (message.key_pointer() == nullptr ||
      !key.ParseFromArray(message.key_pointer(), static_cast<int>(message.key_len()))) {
    return reject("key is not a UserBehaviorKey");
  }
  events::UserBehaviorEvent event;
  if (!event.ParseFromArray(message.payload(), static_cast<int>(message.len()))) {
    return reject("value is not a UserBehaviorEvent");
  }
  auto seq_text = event.extra_data().find("seq");
  if (seq_text == event.extra_data().end()) return reject("extra_data has no seq");
  auto seq = common::parseInt64(seq_text->second);
  if (!seq) return reject("extra_data.seq is not an integer");
  return RecordPosition{event.event_id(), key.user_id(), *seq, message.partition(),
                        message.offset()};
}

}  // namespace

common::Result<double> runConsumePhase(const Options& options, const std::string& group_id,
                                       RoundtripChecker& checker) {
  PartitionTracker partition_tracker;
  KafkaEventLogger event_logger("consumer");
  const Clock::time_point start = Clock::now();
  auto consumer = kafka::createConsumer(
      {{"bootstrap.servers", options.bootstrap},
       {"group.id", group_id},
       {"auto.offset.reset", "earliest"},
       {"enable.auto.commit", "false"},
       {"enable.partition.eof", "true"}},
      kafka::ClientCallbacks{.event = &event_logger, .rebalance = &partition_tracker});
  if (!consumer) return tl::unexpected(consumer.error());
  if (RdKafka::ErrorCode error = (*consumer)->subscribe({options.topic});
      error != RdKafka::ERR_NO_ERROR) {
    return common::makeError("roundtrip.subscribe", "cannot subscribe to " + options.topic + ": " +
                                                        RdKafka::err2str(error));
  }

  const auto deadline = start + std::chrono::seconds(options.timeout_s);
  std::string last_error;
  while (Clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message((*consumer)->consume(200));
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        partition_tracker.onRecord(message->partition());
        if (auto record = decode(*message)) checker.onConsumed(*record);
        break;
      case RdKafka::ERR__PARTITION_EOF:
        partition_tracker.onEnd(message->partition());
        break;
      case RdKafka::ERR__TIMED_OUT:
        break;
      default:
        // Typically transient (topic metadata not there yet, broker restarting): keep reading
        // until the deadline, reporting each new kind of error once.
        if (message->errstr() != last_error) {
          last_error = message->errstr();
          std::cerr << "consume error: " << last_error << '\n';
        }
        break;
    }
    if (checker.allAckedSeen() && partition_tracker.allAtEnd()) break;
  }
  if (!checker.allAckedSeen()) std::cerr << "timed out before every acked record was read\n";
  consumer->reset();  // leave the group before the callbacks go out of scope
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace tracker::kafka_roundtrip
