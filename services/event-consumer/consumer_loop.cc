#include "consumer_loop.h"

#include "events/clock.h"
#include "kafka/message_headers.h"

#include <algorithm>
#include <iostream>
#include <memory>

// The poll loop: batching, handing batches to the processor, applying its plans, outages.
// consumer_partitions.cc holds the partition and group side (commits, pause/seek, rebalances).

namespace tracker::event_consumer {
namespace {

using Clock = std::chrono::steady_clock;

// The record librdkafka handed over, copied out (the message is freed right after).
ConsumedRecord recordOf(const RdKafka::Message& message) {
  ConsumedRecord record;
  record.topic = message.topic_name();
  record.partition = message.partition();
  record.offset = message.offset();
  const auto timestamp = message.timestamp();
  if (timestamp.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) {
    record.timestamp_ms = timestamp.timestamp;
    record.timestamp_type = timestamp.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_CREATE_TIME
                                ? "CreateTime"
                                : "LogAppendTime";
  }
  if (message.key_pointer() != nullptr) {
    record.key.emplace(static_cast<const char*>(message.key_pointer()), message.key_len());
  }
  if (message.payload() != nullptr) {
    record.value.emplace(static_cast<const char*>(message.payload()), message.len());
  }
  record.headers = kafka::copyHeaders(message);
  return record;
}

}  // namespace

// Forwards librdkafka's callback to the loop; a private adapter, so the loop does not expose a
// librdkafka base class (as KafkaSink::DeliveryReporter in the producer).
class ConsumerLoop::RebalanceAdapter final : public RdKafka::RebalanceCb {
 public:
  explicit RebalanceAdapter(ConsumerLoop& loop) : loop_(loop) {}

  // Runs on the consumer thread inside consume() (and in close()).
  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode error,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    loop_.onRebalance(*consumer, error, partitions);
  }

 private:
  ConsumerLoop& loop_;
};

ConsumerLoop::ConsumerLoop(LoopOptions options, LoopDependencies dependencies)
    : options_(std::move(options)),
      deps_(std::move(dependencies)),
      rebalance_(std::make_unique<RebalanceAdapter>(*this)),
      decoder_(*deps_.key_deserializer, *deps_.value_deserializer, *deps_.catalogue) {
  std::vector<Sink*> sinks = deps_.sinks;
  if (deps_.faults != nullptr && deps_.faults->enabled()) {
    for (Sink*& sink : sinks) {
      fault_wrappers_.push_back(std::make_unique<FaultInjectingSink>(*sink, *deps_.faults));
      sink = fault_wrappers_.back().get();
    }
  }
  auto publish = [this](const std::vector<DeadLetterPublisher::Letter>& letters) {
    return deps_.dead_letters->publishAll(letters, options_.dead_letter_timeout);
  };
  processor_ =
      std::make_unique<BatchProcessor>(decoder_, std::move(sinks), std::move(publish), book_,
                                       deps_.status->counters(), options_.retry_attempts);
}

ConsumerLoop::~ConsumerLoop() { stop(); }

common::Result<void> ConsumerLoop::start(kafka::ConfigMap kafka) {
  kafka["enable.auto.commit"] = "false";
  kafka["enable.auto.offset.store"] = "false";
  kafka.emplace("auto.offset.reset", "earliest");
  kafka::ClientCallbacks callbacks;
  callbacks.rebalance = rebalance_.get();
  auto consumer = kafka::createConsumer(kafka, callbacks);
  if (!consumer) return tl::unexpected(consumer.error());
  const auto code = (*consumer)->subscribe({options_.topic});
  if (code != RdKafka::ERR_NO_ERROR) {
    return common::makeError("consumer.subscribe", RdKafka::err2str(code));
  }
  consumer_ = std::move(*consumer);
  active_ = consumer_.get();
  deps_.status->setRunning(true);
  thread_ = std::thread([this] { run(); });
  return {};
}

void ConsumerLoop::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ConsumerLoop::run() {
  while (!stopping_) {
    retryRefusedCommits();
    resumeDueRetries();
    if (outage_) {
      handleOutage();
    } else {
      collectBatch();
      if (!pending_.empty()) processPending();
    }
    refreshStatus(false);
  }
  // Shutdown: finish what is in hand (unless a sink is down), commit, leave the group. The
  // deleter's close() runs the final revocation through the rebalance callback on this thread,
  // which works on active_ (consumer_ is already empty by then).
  if (!pending_.empty() && !outage_) processPending();
  pending_.clear();
  consumer_.reset();
  deps_.status->setPartitions({});
  deps_.status->setRunning(false);
}

void ConsumerLoop::collectBatch() {
  const auto first_deadline = Clock::now() + std::chrono::milliseconds(500);
  std::optional<Clock::time_point> batch_deadline;
  while (!stopping_ && pending_.size() < options_.batch_size && !outage_) {
    const auto deadline = batch_deadline.value_or(first_deadline);
    const auto now = Clock::now();
    if (now >= deadline) break;
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    std::unique_ptr<RdKafka::Message> message(active_->consume(static_cast<int>(wait)));
    if (!message) continue;
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
        continue;
      default:
        std::cerr << "event-consumer: consume: " << message->errstr() << std::endl;
        if (message->err() == RdKafka::ERR__FATAL) stopping_ = true;
        continue;
    }
    if (book_.paused(message->partition())) continue;  // fetched before the pause took hold
    pending_.push_back(recordOf(*message));
    deps_.status->counters().consumed.fetch_add(1, std::memory_order_relaxed);
    if (!batch_deadline) batch_deadline = Clock::now() + options_.batch_max_wait;
  }
}

void ConsumerLoop::processPending() {
  const auto started = Clock::now();  // for the batch latency histogram
  const std::size_t records = pending_.size();
  // The records' timestamps for the end-to-end latency, copied out (process() takes the records):
  // CreateTime is the producer's produce() call while it accepted the HTTP request; a topic set
  // to LogAppendTime gives the broker's append instead, a little later, and counts as well.
  std::vector<std::int64_t> timestamps_ms;
  timestamps_ms.reserve(records);
  for (const ConsumedRecord& record : pending_) {
    if (record.timestamp_ms >= 0) timestamps_ms.push_back(record.timestamp_ms);
  }
  std::vector<ConsumedRecord> batch;
  batch.swap(pending_);
  const BatchPlan plan = processor_->process(std::move(batch));
  applyPlan(plan);
  if (plan.abandoned) return;
  ConsumerCounters& counters = deps_.status->counters();
  counters.recordBatch(Clock::now() - started, records);
  counters.recordEndToEnd(timestamps_ms, events::systemNowMs());
}

void ConsumerLoop::applyPlan(const BatchPlan& plan) {
  if (plan.abandoned) {
    // Nothing of the batch finished: every partition waits, each from its first record.
    pausePartitions(book_.partitions());
    for (const auto& [partition, offset] : plan.partitions.rewind) seekPartition(partition, offset);
    enterOutage(plan.outage->dependency, plan.outage->message);
    return;
  }
  commit(plan.partitions.commits);
  if (plan.outage) enterOutage(plan.outage->dependency, plan.outage->message);
  std::vector<std::int32_t> to_pause;
  for (const auto& entry : plan.partitions.rewind) to_pause.push_back(entry.first);
  pausePartitions(to_pause);
  for (const auto& [partition, offset] : plan.partitions.rewind) {
    seekPartition(partition, offset);
    if (outage_) continue;  // resumed when the outage ends
    const int attempts = std::max(1, book_.attempts(partition, offset));
    book_.resumeAt(partition, Clock::now() + options_.retry_backoff.delayAfter(attempts));
  }
}

void ConsumerLoop::enterOutage(Dependency dependency, const std::string& message) {
  const std::string name(dependencyName(dependency));
  if (!outage_) {
    std::cerr << "event-consumer: " << name << " unavailable, pausing: " << message << std::endl;
  }
  outage_ = Outage{dependency, message, 0, Clock::now() + options_.outage_backoff.delayAfter(1)};
  deps_.status->setSinkDown(name, message);
}

common::Result<void> ConsumerLoop::probe(Dependency dependency) {
  if (dependency == Dependency::kRegistry) {
    return deps_.registry_probe ? deps_.registry_probe() : common::Result<void>{};
  }
  for (Sink* sink : deps_.sinks) {
    if (sink->dependency() == dependency) return sink->probe();
  }
  // The DLT: the broker answers for it and it still has a partition for every source partition.
  if (dependency == Dependency::kDlt && deps_.dead_letters != nullptr) {
    return deps_.dead_letters->checkPartitions(options_.topic, std::chrono::seconds(5));
  }
  return {};
}

void ConsumerLoop::handleOutage() {
  // Keep polling while paused so the group does not consider this member dead
  // (max.poll.interval.ms); paused partitions deliver nothing.
  std::unique_ptr<RdKafka::Message> message(active_->consume(100));
  if (message && message->err() == RdKafka::ERR_NO_ERROR) {
    // A partition assigned during the outage: put it back and hold it too.
    pausePartitions({message->partition()});
    seekPartition(message->partition(), message->offset());
  }
  if (stopping_ || !outage_ || Clock::now() < outage_->next_probe) return;
  const std::string name(dependencyName(outage_->dependency));
  auto probed = probe(outage_->dependency);
  if (!probed) {
    ++outage_->probes;
    outage_->next_probe = Clock::now() + options_.outage_backoff.delayAfter(outage_->probes + 1);
    outage_->message = probed.error().toString();
    deps_.status->setSinkDown(name, outage_->message);
    return;
  }
  std::cerr << "event-consumer: " << name << " is back, resuming" << std::endl;
  deps_.status->setSinkDown(name, std::nullopt);
  outage_.reset();
  resumePartitions(book_.pausedWithoutRetry());
}

void ConsumerLoop::resumeDueRetries() {
  if (outage_) return;
  resumePartitions(book_.takeDueRetries(Clock::now()));
}

}  // namespace tracker::event_consumer
