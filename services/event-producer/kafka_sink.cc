#include "kafka_sink.h"

#include "events/murmur2_partitioner.h"
#include "events/user_behavior_key.pb.h"
#include "kafka/errors.h"
#include "kafka/producer.h"
#include "kafka/topic_metadata.h"

#include <iostream>

namespace tracker::event_producer {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

DeliveryOutcome failure(RdKafka::ErrorCode error, std::string_view detail = {}) {
  DeliveryOutcome outcome;
  switch (error) {
    case RdKafka::ERR__QUEUE_FULL:
      outcome.code = ErrorCode::kQueueFull;
      break;
    case RdKafka::ERR__MSG_TIMED_OUT:
    case RdKafka::ERR__TIMED_OUT:
      outcome.code = ErrorCode::kDeliveryTimeout;
      break;
    case RdKafka::ERR__PURGE_QUEUE:
    case RdKafka::ERR__PURGE_INFLIGHT:
      outcome.code = ErrorCode::kShuttingDown;
      break;
    case RdKafka::ERR__FATAL:
    case RdKafka::ERR__ALL_BROKERS_DOWN:
    case RdKafka::ERR__TRANSPORT:
    case RdKafka::ERR__UNKNOWN_PARTITION:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR_NOT_LEADER_FOR_PARTITION:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS:
    case RdKafka::ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      outcome.code = ErrorCode::kKafkaUnavailable;
      break;
    default:
      outcome.code = ErrorCode::kKafkaError;
  }
  outcome.message = "Kafka: " + RdKafka::err2str(error);
  if (!detail.empty()) outcome.message += "; " + std::string(detail);
  return outcome;
}

}  // namespace

struct KafkaSink::PendingRequest {
  PendingRequest(std::size_t count, DeliveryCallback callback)
      : outcomes(count), remaining(count), done(std::move(callback)) {}
  std::vector<DeliveryOutcome> outcomes;
  std::atomic<std::size_t> remaining;
  DeliveryCallback done;
};

// Travels through librdkafka as the message opaque; owned by librdkafka between a successful
// produce() and the delivery report, which takes it back.
struct KafkaSink::MessageSlot {
  std::shared_ptr<PendingRequest> request;
  std::size_t index;
  SteadyTime enqueued;
};

class KafkaSink::DeliveryReporter final : public RdKafka::DeliveryReportCb {
 public:
  explicit DeliveryReporter(KafkaSink& sink) : sink_(sink) {}
  void dr_cb(RdKafka::Message& message) override { sink_.onDeliveryReport(message); }

 private:
  KafkaSink& sink_;
};

class KafkaSink::EventHandler final : public RdKafka::EventCb {
 public:
  explicit EventHandler(KafkaSink& sink) : sink_(sink) {}
  void event_cb(RdKafka::Event& event) override { sink_.onEvent(event); }

 private:
  KafkaSink& sink_;
};

KafkaSink::KafkaSink(SinkOptions options, serde::ProtobufSerializer& key_serializer,
                     serde::ProtobufSerializer& value_serializer, HealthState& health,
                     ProducerMetrics& metrics)
    : options_(std::move(options)),
      key_serializer_(key_serializer),
      value_serializer_(value_serializer),
      health_(health),
      metrics_(metrics),
      delivery_reporter_(std::make_unique<DeliveryReporter>(*this)),
      event_handler_(std::make_unique<EventHandler>(*this)) {}

common::Result<std::unique_ptr<KafkaSink>> KafkaSink::start(
    SinkOptions options, serde::ProtobufSerializer& key_serializer,
    serde::ProtobufSerializer& value_serializer, HealthState& health, ProducerMetrics& metrics) {
  std::unique_ptr<KafkaSink> sink(
      new KafkaSink(std::move(options), key_serializer, value_serializer, health, metrics));
  auto producer = kafka::createReliableProducer(
      sink->options_.kafka,
      kafka::ClientCallbacks{sink->delivery_reporter_.get(), sink->event_handler_.get(), nullptr});
  if (!producer) return tl::unexpected(producer.error());
  sink->producer_ = std::move(*producer);
  sink->poller_ = std::thread([raw = sink.get()] { raw->pollLoop(); });
  sink->metadata_thread_ = std::thread([raw = sink.get()] { raw->metadataLoop(); });
  return sink;
}

KafkaSink::~KafkaSink() { stop(std::chrono::milliseconds(0)); }

std::optional<Unavailability> KafkaSink::produce(
    std::span<const ::events::UserBehaviorEvent* const> events, DeliveryCallback done) {
  std::shared_lock gate(produce_gate_);
  if (stopping_) return Unavailability{ErrorCode::kShuttingDown, "the service is shutting down"};
  const std::int32_t partitions = partition_count_.load();
  if (brokers_down_.load() || partitions <= 0) {
    return Unavailability{ErrorCode::kKafkaUnavailable, brokers_down_.load()
                                                            ? "all Kafka brokers are down"
                                                            : "Kafka topic metadata not yet known"};
  }
  const auto count = static_cast<std::int64_t>(events.size());
  if (producer_->outq_len() + count > options_.queue_max_messages) {
    return Unavailability{ErrorCode::kQueueFull, "the Kafka producer queue is full (" +
                                                     std::to_string(options_.queue_max_messages) +
                                                     " messages)"};
  }
  if (events.empty()) {
    done({});
    return std::nullopt;
  }

  auto request = std::make_shared<PendingRequest>(events.size(), std::move(done));
  ::events::UserBehaviorKey key;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const ::events::UserBehaviorEvent& event = *events[i];
    key.set_user_id(event.user_id());
    auto key_bytes = key_serializer_.serialize(options_.topic, key);
    auto value_bytes = value_serializer_.serialize(options_.topic, event);
    if (!key_bytes || !value_bytes) {
      const common::Error& error = !key_bytes ? key_bytes.error() : value_bytes.error();
      finishOne(*request, i,
                DeliveryOutcome{false, -1, -1, ErrorCode::kSerializeFailed, error.toString()});
      continue;
    }
    const std::int32_t partition = events::partitionForUserId(event.user_id(), partitions);
    auto slot =
        std::make_unique<MessageSlot>(MessageSlot{request, i, std::chrono::steady_clock::now()});
    pending_messages_.fetch_add(1);
    const RdKafka::ErrorCode error = producer_->produce(
        options_.topic, partition, RdKafka::Producer::RK_MSG_COPY, value_bytes->data(),
        value_bytes->size(), key_bytes->data(), key_bytes->size(), 0, slot.get());
    if (error == RdKafka::ERR_NO_ERROR) {
      slot.release();  // librdkafka holds it until the delivery report
    } else {
      pending_messages_.fetch_sub(1);
      metrics_.countFailed(wireCode(failure(error).code));
      finishOne(*request, i, failure(error));
    }
  }
  return std::nullopt;
}

void KafkaSink::finishOne(PendingRequest& request, std::size_t index, DeliveryOutcome outcome) {
  request.outcomes[index] = std::move(outcome);
  // The last finisher sees every other finisher's write (acq_rel) and completes the request.
  if (request.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    request.done(std::move(request.outcomes));
  }
}

void KafkaSink::onDeliveryReport(RdKafka::Message& message) {
  std::unique_ptr<MessageSlot> slot(static_cast<MessageSlot*>(message.msg_opaque()));
  pending_messages_.fetch_sub(1);
  if (!slot) return;
  metrics_.observeProduceLatency(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - slot->enqueued).count());
  DeliveryOutcome outcome;
  if (message.err() == RdKafka::ERR_NO_ERROR) {
    outcome.delivered = true;
    outcome.partition = message.partition();
    outcome.offset = message.offset();
    if (brokers_down_.load()) {
      // An acknowledgement proves a broker is back; no need to wait for the next probe.
      brokers_down_ = false;
      publishKafkaHealth();
    }
  } else {
    const bool maybe_written = message.status() == RdKafka::Message::MSG_STATUS_POSSIBLY_PERSISTED;
    outcome = failure(message.err(), maybe_written ? "the event may or may not have been written: "
                                                     "retry with the same event_id"
                                                   : "the event was not written");
    metrics_.countFailed(wireCode(outcome.code));
  }
  finishOne(*slot->request, slot->index, std::move(outcome));
}

void KafkaSink::onEvent(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_ERROR: {
      if (event.fatal()) {
        std::string reason;
        producer_->fatal_error(reason);
        std::cerr << "event-producer: FATAL Kafka producer error: " << reason << std::endl;
        health_.setFatal(reason);
        return;
      }
      if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN) {
        if (!brokers_down_.exchange(true)) {
          std::cerr << "event-producer: all Kafka brokers are down: " << event.str() << std::endl;
          publishKafkaHealth();
        }
        return;
      }
      // Connection failures are already in librdkafka's own log lines (EVENT_LOG).
      if (event.err() != RdKafka::ERR__TRANSPORT) {
        std::cerr << "event-producer: Kafka error " << RdKafka::err2str(event.err()) << ": "
                  << event.str() << std::endl;
      }
      return;
    }
    case RdKafka::Event::EVENT_STATS: {
      auto stats = parseRdKafkaStats(event.str());
      if (!stats) return;
      metrics_.recordStats(*stats);
      if (brokers_down_.load() && stats->anyBrokerUp()) {
        brokers_down_ = false;
        publishKafkaHealth();
      }
      return;
    }
    case RdKafka::Event::EVENT_LOG:
      if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING) {
        std::cerr << "event-producer: librdkafka " << event.fac() << ": " << event.str()
                  << std::endl;
      }
      return;
    default:
      return;
  }
}

void KafkaSink::pollLoop() {
  while (!stop_polling_.load()) producer_->poll(100);
}

void KafkaSink::metadataLoop() {
  std::unique_lock lock(metadata_mutex_);
  while (!stop_metadata_) {
    lock.unlock();
    refreshMetadata();
    lock.lock();
    const bool healthy = health_.kafkaAvailable();
    metadata_wakeup_.wait_for(lock, healthy ? options_.metadata_refresh : options_.probe_interval,
                              [this] { return stop_metadata_; });
  }
}

void KafkaSink::refreshMetadata() {
  const auto count =
      kafka::topicPartitionCount(*producer_, options_.topic, std::chrono::milliseconds(2000));
  std::optional<std::string> problem;
  if (!count && count.error().code == kafka::errc::kRequestFailed) {
    // Keep using a known partition count through a transient failure; brokers_down_ covers a
    // real outage.
    if (partition_count_.load() > 0) return;
    problem =
        "cannot read Kafka metadata of topic " + options_.topic + ": " + count.error().message;
  } else if (!count) {
    problem = "Kafka topic " + options_.topic + " is not available: " + count.error().message;
  } else {
    const std::int32_t previous = partition_count_.exchange(*count);
    if (previous != *count) {
      const std::string was = previous > 0 ? " (was " + std::to_string(previous) + ")" : "";
      std::cerr << "event-producer: topic " << options_.topic << " has " << *count << " partitions"
                << was << std::endl;
    }
    metrics_.partitions.set(*count);
    // A metadata answer means a broker is reachable.
    brokers_down_ = false;
  }
  {
    std::lock_guard lock(kafka_state_mutex_);
    metadata_error_ = std::move(problem);
  }
  publishKafkaHealth();
}

void KafkaSink::publishKafkaHealth() {
  std::lock_guard lock(kafka_state_mutex_);
  if (brokers_down_.load()) {
    health_.setKafka("all Kafka brokers are down");
  } else {
    health_.setKafka(metadata_error_);
  }
}

std::int64_t KafkaSink::queueLength() const { return producer_ ? producer_->outq_len() : 0; }

void KafkaSink::stop(std::chrono::milliseconds flush_timeout) {
  std::lock_guard stop_lock(stop_mutex_);
  if (stopped_) return;
  stopped_ = true;
  {
    std::unique_lock gate(produce_gate_);
    stopping_ = true;
  }
  {
    std::lock_guard lock(metadata_mutex_);
    stop_metadata_ = true;
  }
  metadata_wakeup_.notify_all();
  if (metadata_thread_.joinable()) metadata_thread_.join();
  stop_polling_ = true;
  if (poller_.joinable()) poller_.join();
  if (!producer_) return;

  // flush() serves delivery reports on this thread.
  const RdKafka::ErrorCode flushed = producer_->flush(static_cast<int>(flush_timeout.count()));
  if (flushed != RdKafka::ERR_NO_ERROR || pending_messages_.load() > 0) {
    std::cerr << "event-producer: " << pending_messages_.load()
              << " messages not acknowledged at shutdown; failing them" << std::endl;
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (pending_messages_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      producer_->poll(50);
    }
  }
}

}  // namespace tracker::event_producer
