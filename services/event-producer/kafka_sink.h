#pragma once

// Produces validated events to Kafka and reports, per event, whether the broker acknowledged it.
//
// Each event becomes one record: key = UserBehaviorKey{user_id} and value = the event, both in
// the Confluent wire format (schemas registered beforehand, see schema_registration.h), partition
// set explicitly to partitionForUserId(user_id, partition count) so that a Java producer hashing
// the user id agrees. The producer is idempotent with acks=all.
//
// Threads: produce() runs on the caller's (HTTP) thread and never blocks on Kafka; a poller
// thread serves delivery reports and client events and completes requests from there; a metadata
// thread keeps the partition count fresh and probes Kafka while it is unavailable. stop() drains.

#include "common/result.h"
#include "errors.h"
#include "events/user_behavior_event.pb.h"
#include "health.h"
#include "kafka/config.h"
#include "producer_metrics.h"
#include "serde/serializer.h"

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace tracker::event_producer {

/// What Kafka did with one event.
struct DeliveryOutcome {
  bool delivered = false;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  /// When not delivered: kQueueFull, kDeliveryTimeout, kKafkaUnavailable, kShuttingDown,
  /// kSerializeFailed or kKafkaError.
  ErrorCode code = ErrorCode::kKafkaError;
  std::string message;
};

/// Receives the outcomes of one produce() call, in the order of its events, exactly once.
using DeliveryCallback = std::function<void(std::vector<DeliveryOutcome>)>;

/// How the sink talks to Kafka.
struct SinkOptions {
  std::string topic;
  /// librdkafka properties (bootstrap.servers, linger.ms, queue bounds...); idempotence and
  /// acks=all are forced on.
  kafka::ConfigMap kafka;
  /// produce() refuses a request whose events would not fit below this queue length.
  std::int64_t queue_max_messages = 100000;
  /// Period of the partition-count refresh while Kafka is healthy.
  std::chrono::milliseconds metadata_refresh{30000};
  /// Period of the metadata probe while Kafka is unavailable or metadata unknown.
  std::chrono::milliseconds probe_interval{1000};
};

/// The Kafka side of the ingest path.
class KafkaSink {
 public:
  /// Creates the producer (no broker contacted yet) and starts the poller and metadata threads.
  /// The serializers, health state and metrics must outlive the sink; the serializers must have
  /// their schema ids resolved before produce() is called (HealthState gates that).
  static common::Result<std::unique_ptr<KafkaSink>> start(
      SinkOptions options, serde::ProtobufSerializer& key_serializer,
      serde::ProtobufSerializer& value_serializer, HealthState& health, ProducerMetrics& metrics);

  KafkaSink(const KafkaSink&) = delete;
  KafkaSink& operator=(const KafkaSink&) = delete;
  /// stop() with no flush time if it was not called.
  ~KafkaSink();

  /// Hands `events` to librdkafka. Returns why nothing was produced (Kafka known unavailable,
  /// the queue cannot take them all, shutting down), in which case `done` is never called.
  /// Otherwise `done` is called exactly once with one outcome per event — from the poller
  /// thread, or from this call when no event could be enqueued. The events are serialized
  /// during the call; they need not outlive it.
  std::optional<Unavailability> produce(std::span<const ::events::UserBehaviorEvent* const> events,
                                        DeliveryCallback done);

  /// Stops taking events, waits up to `flush_timeout` for outstanding deliveries, then purges
  /// the rest so that every pending callback is called (with "shutting_down"), and joins the
  /// threads. Idempotent.
  void stop(std::chrono::milliseconds flush_timeout);

  /// Messages in librdkafka's queue (outq_len), for metrics.
  std::int64_t queueLength() const;

 private:
  struct PendingRequest;
  struct MessageSlot;
  class DeliveryReporter;
  class EventHandler;

  KafkaSink(SinkOptions options, serde::ProtobufSerializer& key_serializer,
            serde::ProtobufSerializer& value_serializer, HealthState& health,
            ProducerMetrics& metrics);

  static void finishOne(PendingRequest& request, std::size_t index, DeliveryOutcome outcome);
  void onDeliveryReport(RdKafka::Message& message);
  void onEvent(RdKafka::Event& event);
  void pollLoop();
  void metadataLoop();
  // Reads the topic's metadata once; updates the partition count and Kafka health.
  void refreshMetadata();
  // Recomputes the Kafka condition of HealthState from brokers_down_ and metadata_error_.
  void publishKafkaHealth();

  SinkOptions options_;
  serde::ProtobufSerializer& key_serializer_;
  serde::ProtobufSerializer& value_serializer_;
  HealthState& health_;
  ProducerMetrics& metrics_;

  std::atomic<std::int32_t> partition_count_{0};
  std::atomic<bool> brokers_down_{false};
  std::atomic<std::int64_t> pending_messages_{0};
  std::mutex kafka_state_mutex_;
  std::optional<std::string> metadata_error_{"Kafka topic metadata not yet known"};

  // Held shared by produce(), exclusively by stop() to flip stopping_: after stop() has set it,
  // no produce() is half-way through enqueueing.
  std::shared_mutex produce_gate_;
  bool stopping_ = false;

  // Declared before the producer: librdkafka keeps raw pointers to them.
  std::unique_ptr<DeliveryReporter> delivery_reporter_;
  std::unique_ptr<EventHandler> event_handler_;
  std::unique_ptr<RdKafka::Producer> producer_;

  std::atomic<bool> stop_polling_{false};
  std::mutex metadata_mutex_;
  std::condition_variable metadata_wakeup_;
  bool stop_metadata_ = false;
  std::mutex stop_mutex_;
  bool stopped_ = false;
  std::thread poller_;
  std::thread metadata_thread_;
};

}  // namespace tracker::event_producer
