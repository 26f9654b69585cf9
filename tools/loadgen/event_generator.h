#pragma once

// The user and session model that produces the traffic.
//
// Users are ranked by activity: each event belongs to a user drawn from a Zipf distribution, so a
// few users are very active and most are rarely seen. The run joins a world already in motion: a
// user seen for the first time is, with the steady-state odds, already in a session (else logs
// in). A user without an open session logs in (choosing a device type and a source channel that
// stay fixed for the session), then
// produces a random number of events (geometric, mean GeneratorOptions::mean_session_events) from
// the catalogue's mix — page views, clicks, searches, likes, comments, shares, follows, posts —
// and finally logs out. Follows, likes, comments and shares name another user, also drawn from
// the Zipf distribution (popular users attract attention); posts carry post_id, title, content
// and tags in extra_data, and updates/deletes refer to posts the user created earlier.
//
// Everything drawn comes from one Random seeded with GeneratorOptions::seed, so the same seed and
// options give the same sequence of events; only `timestamp_ms`, taken from the injected clock,
// differs between runs (the ingest API rejects timestamps outside a window around "now").

#include "loadgen/event.h"
#include "loadgen/random.h"
#include "loadgen/weighted_sampler.h"
#include "loadgen/zipf_sampler.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace tracker::loadgen {

/// Returns the current Unix time in milliseconds; injected so tests fix it.
using MillisClock = std::function<std::int64_t()>;

/// Unix time in milliseconds from the system clock.
std::int64_t systemNowMs();

/// What shapes the generated traffic.
struct GeneratorOptions {
  std::uint64_t seed = 1;
  /// Number of distinct users ("user_1" is the most active).
  std::size_t users = 100'000;
  /// Zipf exponent of user activity (0 = all users equally active).
  double zipf_exponent = 1.0;
  /// Mean number of events between login and logout.
  std::uint32_t mean_session_events = 20;
  /// Generate event_id client-side (a UUIDv4 drawn from a second stream seeded from `seed`, so
  /// turning it on does not change the events themselves); off leaves event_id to the service.
  bool with_event_ids = false;
};

/// Produces events one at a time. Not thread-safe: owned by the thread that sends.
/// Memory is bounded by `users` (a few bytes of session state per user).
class EventGenerator {
 public:
  /// `options` must be valid (users >= 1, exponent >= 0, mean_session_events >= 1).
  EventGenerator(const GeneratorOptions& options, MillisClock clock);

  /// The next event.
  Event next();

  /// Replaces the contents of `out` with the next `count` events.
  void nextBatch(std::size_t count, std::vector<Event>& out);

  /// Events produced so far.
  std::uint64_t generated() const { return generated_; }

 private:
  struct UserState {
    /// False until the user's first event of the run.
    bool seen = false;
    bool in_session = false;
    std::uint8_t device = 0;
    std::uint8_t channel = 0;
    /// Events left before logout.
    std::uint32_t remaining = 0;
    /// Events in the current session so far.
    std::uint32_t session_events = 0;
    /// Posts post_<user>_<k> exist for k in [first_live_post, posts_created).
    std::uint32_t first_live_post = 0;
    std::uint32_t posts_created = 0;
  };

  void fill(std::size_t user, Event& event);
  void fillInSession(std::size_t user, UserState& state, Event& event);
  void fillPost(std::size_t user, UserState& state, Event& event);
  std::size_t otherUser(std::size_t user);
  std::string eventId();

  GeneratorOptions options_;
  MillisClock clock_;
  Random random_;
  Random id_random_;
  ZipfSampler users_sampler_;
  WeightedSampler mix_sampler_;
  WeightedSampler device_sampler_;
  WeightedSampler channel_sampler_;
  std::vector<UserState> users_;
  std::uint64_t generated_ = 0;
};

/// "user_<rank + 1>".
std::string userId(std::size_t rank);

}  // namespace tracker::loadgen
