#include "testing/fake_sink.h"

namespace tracker::event_consumer::testing {

common::Result<std::vector<ItemOutcome>> FakeSink::write(
    std::span<const DecodedEvent* const> events) {
  const std::lock_guard lock(mutex_);
  ++write_calls_;
  if (down_writes_ > 0) {
    --down_writes_;
    return common::makeError(std::string(name()) + ".unavailable", "scripted outage");
  }
  std::vector<ItemOutcome> outcomes;
  for (const DecodedEvent* event : events) {
    const std::string& id = event->event.event_id();
    ItemOutcome outcome = ItemOutcome::done();
    if (forever_.contains(id)) {
      outcome = ItemOutcome::retry({"fake.retry", "fails forever"});
    } else if (auto found = scripts_.find(id); found != scripts_.end() && !found->second.empty()) {
      outcome = std::move(found->second.front());
      found->second.pop_front();
    }
    if (outcome.kind == ItemOutcome::Kind::kDone) stored_.push_back(id);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

common::Result<void> FakeSink::probe() {
  const std::lock_guard lock(mutex_);
  ++probe_calls_;
  if (down_probes_ > 0) {
    --down_probes_;
    return common::makeError(std::string(name()) + ".unavailable", "scripted probe failure");
  }
  return {};
}

void FakeSink::script(const std::string& event_id, std::vector<ItemOutcome> outcomes) {
  const std::lock_guard lock(mutex_);
  auto& queue = scripts_[event_id];
  for (auto& outcome : outcomes) queue.push_back(std::move(outcome));
}

}  // namespace tracker::event_consumer::testing
