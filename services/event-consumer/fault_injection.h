#pragma once

// Fault injection for system tests: makes chosen records fail at a sink N times, or forever, so
// the retry and dead-letter paths run against the real infrastructure. Off unless the
// environment variable TRACKER_CONSUMER_FAULTS names rules; there is no request that turns it on.
//
// Rule syntax (comma-separated): <stage>:<event_id prefix>:<times>
//   stage  postgres | search
//   times  a positive count, or "forever"
// e.g. "postgres:retry-twice-:2,search:dead-:forever". A record whose event_id starts with the
// prefix fails its first `times` attempts at that sink with the transient error
// fault.injected (so it is retried with back-off, then dead-lettered if it never passes).
// Attempts are counted per event id across deliveries in this process: a dead letter replayed
// to the topic continues the count, so "fails 5 times" spans a dead letter and its replay.
// FaultInjectingSink applies the rules to a sink from outside: the consumer loop knows nothing of
// them.

#include "common/result.h"
#include "record.h"
#include "sink.h"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tracker::event_consumer {

/// One rule of TRACKER_CONSUMER_FAULTS.
struct FaultRule {
  Stage stage = Stage::kPostgres;
  std::string event_id_prefix;
  /// Attempts that fail; nullopt = every attempt.
  std::optional<int> times;
  friend bool operator==(const FaultRule&, const FaultRule&) = default;
};

/// Parses the rule list; an empty text gives no rules. Errors (common.invalid_environment) name
/// TRACKER_CONSUMER_FAULTS and the rule at fault.
common::Result<std::vector<FaultRule>> parseFaultRules(std::string_view text);

/// Decides which attempts fail. The rules are immutable; the attempt counts are guarded, so any
/// thread may ask.
class FaultInjector {
 public:
  FaultInjector() = default;
  explicit FaultInjector(std::vector<FaultRule> rules) : rules_(std::move(rules)) {}

  bool enabled() const { return !rules_.empty(); }

  /// The failure to inject into attempt number `attempt` (1-based) of writing `event_id` at
  /// `stage`, or nullopt to let it through. Pure.
  std::optional<std::string> failureFor(Stage stage, std::string_view event_id, int attempt) const;

  /// Counts one more attempt of writing `event_id` at `stage` (across deliveries) and returns the
  /// failure to inject into it, or nullopt. Only ids some rule names are counted; the count table
  /// is bounded (cleared past kMaxCountedIds: this is a test tool).
  std::optional<std::string> nextAttempt(Stage stage, std::string_view event_id) const;

  static constexpr std::size_t kMaxCountedIds = 100'000;

 private:
  std::vector<FaultRule> rules_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, int> attempts_;  // "<stage>/<event id>"; guarded
};

/// A sink that fails the events `faults` picks before they reach `inner`: an event whose attempt
/// (FaultInjector::nextAttempt) is to fail is answered kRetry with fault.injected, and
/// the later events of its partition in the same write are answered kSkipped (they wait behind it,
/// as behind a real failure), so `inner` sees only the rest. Everything referenced must outlive
/// the wrapper.
class FaultInjectingSink final : public Sink {
 public:
  FaultInjectingSink(Sink& inner, const FaultInjector& faults) : inner_(inner), faults_(faults) {}

  Dependency dependency() const override { return inner_.dependency(); }
  Stage stage() const override { return inner_.stage(); }
  bool takes(const DecodedEvent& event) const override { return inner_.takes(event); }
  common::Result<std::vector<ItemOutcome>> write(
      std::span<const DecodedEvent* const> events) override;
  common::Result<void> probe() override { return inner_.probe(); }

 private:
  Sink& inner_;
  const FaultInjector& faults_;
};

}  // namespace tracker::event_consumer
