#pragma once

// A scripted Sink for unit tests of the consumer core: answers per event id, whole-write
// failures (an outage) and probe failures on demand, and remembers what it stored.

#include "sink.h"

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tracker::event_consumer::testing {

/// Test double of a sink. Thread-safe, so a test may watch it while a consumer thread writes.
class FakeSink final : public Sink {
 public:
  explicit FakeSink(Dependency dependency = Dependency::kPostgres, Stage stage = Stage::kPostgres)
      : dependency_(dependency), stage_(stage) {}

  Dependency dependency() const override { return dependency_; }
  Stage stage() const override { return stage_; }
  bool takes(const DecodedEvent& event) const override {
    const std::lock_guard lock(mutex_);
    return !filter_ || filter_(event);
  }
  /// Answers the scripted outcome of each event (kDone once its script is used up) and stores the
  /// done ones; fails as a whole while whole-write failures are scripted.
  common::Result<std::vector<ItemOutcome>> write(
      std::span<const DecodedEvent* const> events) override;
  /// Fails while probe failures are scripted.
  common::Result<void> probe() override;

  /// Only events passing `filter` are taken.
  void takeOnly(std::function<bool(const DecodedEvent&)> filter) {
    const std::lock_guard lock(mutex_);
    filter_ = std::move(filter);
  }
  /// The next writes of `event_id` answer `outcomes`, one per write.
  void script(const std::string& event_id, std::vector<ItemOutcome> outcomes);
  /// The event `event_id` answers kRetry on every write.
  void failForever(const std::string& event_id) {
    const std::lock_guard lock(mutex_);
    forever_[event_id] = true;
  }
  /// The next `count` writes fail as a whole (an outage) and `probes` probes fail.
  void goDown(int writes, int probes) {
    const std::lock_guard lock(mutex_);
    down_writes_ = writes;
    down_probes_ = probes;
  }

  /// Event ids stored, in the order they were stored.
  std::vector<std::string> stored() const {
    const std::lock_guard lock(mutex_);
    return stored_;
  }
  /// How often write() and probe() were called.
  int writeCalls() const {
    const std::lock_guard lock(mutex_);
    return write_calls_;
  }
  int probeCalls() const {
    const std::lock_guard lock(mutex_);
    return probe_calls_;
  }

 private:
  mutable std::mutex mutex_;
  Dependency dependency_;
  Stage stage_;
  std::function<bool(const DecodedEvent&)> filter_;
  std::map<std::string, std::deque<ItemOutcome>> scripts_;
  std::map<std::string, bool> forever_;
  int down_writes_ = 0;
  int down_probes_ = 0;
  std::vector<std::string> stored_;
  int write_calls_ = 0;
  int probe_calls_ = 0;
};

}  // namespace tracker::event_consumer::testing
