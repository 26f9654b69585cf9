#pragma once

// What the consumer writes to, as one shape: a sink takes a batch of decoded events and answers
// one outcome per event (done, retry later, or dead-letter), or fails as a whole when it is
// unreachable (an outage: the loop pauses and probes it). PostgresSink and SearchSink implement
// it; FaultInjectingSink wraps one; testing/fake_sink.h is the test double.

#include "common/result.h"
#include "record.h"

#include <span>
#include <string_view>
#include <vector>

namespace tracker::event_consumer {

/// What the consumer depends on at run time; an outage names one of these.
enum class Dependency { kPostgres, kSearch, kRegistry, kDlt };

/// "postgres", "search", "registry", "dlt": the names /api/status and the logs use.
std::string_view dependencyName(Dependency dependency);

/// What became of one event of a write.
struct ItemOutcome {
  enum class Kind {
    kDone,        // stored (or already there)
    kRetry,       // a transient failure of this event: try it again later
    kDeadLetter,  // refused for good: dead-letter it
    kSkipped,     // not tried: it waits behind a failing event of its partition (order)
  };
  Kind kind = Kind::kDone;
  /// Why, for kRetry and kDeadLetter.
  common::Error error;

  static ItemOutcome done() { return {}; }
  static ItemOutcome retry(common::Error error) { return {Kind::kRetry, std::move(error)}; }
  static ItemOutcome deadLetter(common::Error error) {
    return {Kind::kDeadLetter, std::move(error)};
  }
  static ItemOutcome skipped() { return {Kind::kSkipped, {}}; }
};

/// A place decoded events are written to. Used by the consumer thread only.
class Sink {
 public:
  virtual ~Sink() = default;

  /// Which dependency this sink is (an outage of the sink is an outage of it).
  virtual Dependency dependency() const = 0;

  /// dependencyName(dependency()).
  std::string_view name() const { return dependencyName(dependency()); }

  /// The pipeline stage a failure here is reported as (x-tracker-stage).
  virtual Stage stage() const = 0;

  /// Whether this sink stores `event` at all (the search index keeps post events only).
  virtual bool takes(const DecodedEvent& event) const = 0;

  /// Writes `events` (in partition order). The error is an outage: nothing is known about the
  /// items, the whole batch is tried again once probe() succeeds. Otherwise one outcome per event.
  virtual common::Result<std::vector<ItemOutcome>> write(
      std::span<const DecodedEvent* const> events) = 0;

  /// Succeeds when the sink answers again.
  virtual common::Result<void> probe() = 0;
};

}  // namespace tracker::event_consumer
