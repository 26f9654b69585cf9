#include "compensator.h"

#include <iostream>

namespace tracker::event_dlt_monitor {
namespace {

constexpr auto kTick = std::chrono::seconds(1);
constexpr int kRowsPerTick = 100;

}  // namespace

Compensator::Compensator(DeadLetterStore& store, Replayer& replayer, int rate_per_second)
    : store_(store), replayer_(replayer), rate_per_second_(rate_per_second) {}

Compensator::~Compensator() { stop(); }

void Compensator::start() {
  thread_ = std::thread([this] { run(); });
}

void Compensator::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Compensator::run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, kTick, [this] { return stopping_; })) return;
    }
    auto due = store_.dueForCompensation(kRowsPerTick);
    if (!due) {
      std::cerr << "event-dlt-monitor: compensation: " << due.error().toString() << std::endl;
      continue;
    }
    if (due->empty()) continue;
    auto outcome = replayer_.replay(*due, "auto", "automatic compensation", rate_per_second_);
    if (!outcome) {
      std::cerr << "event-dlt-monitor: compensation: " << outcome.error().toString() << std::endl;
    }
  }
}

}  // namespace tracker::event_dlt_monitor
