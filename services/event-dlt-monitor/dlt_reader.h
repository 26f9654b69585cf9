#pragma once

// The DLT reader: one consumer thread in the monitor's own group (manual commits) that stores
// each batch of dead letters (≤ 500 records or 200 ms) in one statement and commits its offsets
// only after that statement committed. When PostgreSQL cannot take the batch it pauses the
// partitions, keeps serving the group (consume() returns nothing while paused), and tries the
// same batch again with back-off: nothing is skipped. Storing is idempotent, so whatever is read
// twice (after a crash, a rebalance, a failed commit) changes nothing.

#include "common/result.h"
#include "dead_letter_store.h"
#include "event_view.h"
#include "kafka/config.h"
#include "kafka/consumer.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace tracker::event_dlt_monitor {

/// Where the reader is; read by /health/ready and /metrics.
struct ReaderState {
  std::atomic<bool> running{false};
  /// A batch is waiting for PostgreSQL.
  std::atomic<bool> store_failing{false};
  std::atomic<std::uint64_t> read{0};
  std::atomic<std::uint64_t> stored{0};
};

class DltReader {
 public:
  /// `settings` holds the connection and group settings (bootstrap.servers, group.id,
  /// group.instance.id…). `store` and `view` must outlive the reader.
  DltReader(kafka::ConfigMap settings, std::string dlt_topic, DeadLetterStore& store,
            EventView& view);
  ~DltReader();

  /// Creates the consumer, subscribes and starts the thread.
  common::Result<void> start();
  /// Stops the thread after its current batch is stored and committed (or abandoned when the
  /// database is down: it is re-read on the next start), then leaves the group.
  void stop();

  const ReaderState& state() const { return state_; }

 private:
  void run();
  // Stores `batch` and commits it; retries with back-off while paused until stored or stopping.
  void storeAndCommit(std::vector<DeadLetter>& batch);
  void commit(const std::vector<DeadLetter>& batch);

  kafka::ConfigMap settings_;
  std::string dlt_topic_;
  DeadLetterStore& store_;
  EventView& view_;
  kafka::ConsumerPtr consumer_;
  std::atomic<bool> stopping_{false};
  ReaderState state_;
  std::thread thread_;
};

}  // namespace tracker::event_dlt_monitor
