#pragma once

// The dead_letter and dead_letter_audit tables (db/migrations/V003__dead_letters.sql): storing
// what the DLT reader read (idempotent on the original coordinates), reading rows for the API
// (JSON built by PostgreSQL), and the status transitions of replay and discard, each written
// together with its audit row in one statement. Thread-safe (a connection pool underneath).

#include "common/result.h"
#include "dead_letter_record.h"
#include "filter.h"
#include "postgres/pool.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tracker::event_dlt_monitor {

/// What the event decoded to at ingest (for the filters); all empty when it did not decode.
struct EventFacts {
  std::optional<std::string> user_id;
  std::optional<std::string> event_type;
  std::optional<std::string> event_id;
};

/// How new rows are classified when stored.
struct StorePolicy {
  /// A row whose replay_count reaches this is stored parked.
  int max_replays = 3;
  /// Stages whose new rows get a next_attempt_at (automatic compensation).
  std::vector<std::string> compensation_stages;
  std::int64_t compensation_delay_ms = 10'000;
};

/// A row taken for replay: what goes back to Kafka.
struct ReplayJob {
  std::int64_t id = 0;
  /// The status it had before it was claimed (new or parked), restored when the replay fails.
  std::string previous_status;
  Coordinates original;
  std::optional<std::string> key;
  std::optional<std::string> value;
  /// The chain's root: replay_of when set, else the row's own original coordinates.
  Coordinates root;
  /// The replay count the re-published record carries (the row's + 1).
  int next_replay_count = 1;
};

/// Where a replay landed.
struct ReplayReceipt {
  std::int64_t id = 0;
  Coordinates replayed_to;
  int replay_count = 0;
};

/// A page of the list.
struct Page {
  /// JSON objects (text), newest first.
  std::vector<std::string> items;
  std::optional<std::int64_t> next_cursor;
};

class DeadLetterStore {
 public:
  DeadLetterStore(postgres::PoolOptions options, StorePolicy policy);

  /// Stores `letters` (with their decoded facts, same order) in one statement: rows already
  /// there (same original coordinates) are left as they are. Parked rows get an audit row
  /// (action park, actor auto). Returns how many rows were new.
  common::Result<std::size_t> store(const std::vector<DeadLetter>& letters,
                                    const std::vector<EventFacts>& facts);

  /// Rows left `replaying` by a crash go back to their previous state (new), audited as
  /// replay_interrupted. Returns how many.
  common::Result<std::size_t> recoverInterruptedReplays();

  /// Newest first, after `cursor` (an id; exclusive), at most `limit`.
  common::Result<Page> list(const Filter& filter, int limit, std::optional<std::int64_t> cursor);

  /// One row as JSON with its stored headers (JSON), raw key/value, audit and later failures
  /// (ids of the rows whose replay chain starts at this one); nullopt when there is no such id.
  struct Detail {
    nlohmann::json item;
    nlohmann::json stored_headers;
    std::optional<std::string> key;
    std::optional<std::string> value;
  };
  common::Result<std::optional<Detail>> get(std::int64_t id);

  /// Counts by stage × status, total, unresolved, oldest unresolved age, 5-minute rates.
  common::Result<nlohmann::json> summary();

  /// Ids matching `filter` among rows in one of `statuses`, oldest first, at most `max` (≥ 1);
  /// and how many matched in all.
  struct Selection {
    std::vector<std::int64_t> ids;
    std::int64_t matched = 0;
  };
  common::Result<Selection> select(const Filter& filter, const std::vector<std::string>& statuses,
                                   int max);

  /// List items (JSON text) of `ids`, in that order (a dry run's sample).
  common::Result<std::vector<std::string>> items(const std::vector<std::int64_t>& ids);

  /// The status of `id`, or nullopt when there is no such row.
  common::Result<std::optional<std::string>> status(std::int64_t id);

  /// Moves the rows of `ids` that are new or parked to replaying and returns them (others are
  /// left alone and not returned).
  common::Result<std::vector<ReplayJob>> claimForReplay(const std::vector<std::int64_t>& ids);

  /// Marks claimed rows replayed, with an audit row each (action replay, result replayed_to).
  common::Result<void> finishReplays(const std::vector<ReplayReceipt>& receipts,
                                     const std::string& actor,
                                     const std::optional<std::string>& reason);

  /// Puts claimed rows back to their previous status, audited replay_failed with `why`.
  common::Result<void> failReplays(const std::vector<ReplayJob>& jobs, const std::string& actor,
                                   const std::string& why);

  /// Discards the rows of `ids` that are new or parked, audited with `reason`. Returns the ids
  /// discarded.
  common::Result<std::vector<std::int64_t>> discard(const std::vector<std::int64_t>& ids,
                                                    const std::string& actor,
                                                    const std::string& reason);

  /// Rows due for automatic compensation (status new, next_attempt_at passed), oldest first.
  common::Result<std::vector<std::int64_t>> dueForCompensation(int max);

  /// Counts by stage and status (for /metrics): {stage, status, count}.
  struct Count {
    std::string stage;
    std::string status;
    std::int64_t count = 0;
  };
  common::Result<std::vector<Count>> counts();

  /// Seconds since the oldest unresolved row was first seen; 0 when none.
  common::Result<double> oldestUnresolvedAgeSeconds();

  /// SELECT 1 (readiness).
  common::Result<void> ping();

 private:
  postgres::Pool pool_;
  StorePolicy policy_;
};

}  // namespace tracker::event_dlt_monitor
