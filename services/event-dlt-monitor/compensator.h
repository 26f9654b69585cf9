#pragma once

// Automatic compensation (the seed's 补偿): a thread that, once a second, replays the rows whose
// next_attempt_at has passed (only rows of the configured stages get one, when stored), as actor
// "auto". A replay that dead-letters again comes back as a new row one replay further along the
// chain, with a doubled delay, until it lands or is parked (dead_letter_store.h).

#include "replayer.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace tracker::event_dlt_monitor {

class Compensator {
 public:
  /// Both must outlive the compensator; `rate_per_second` paces its replays.
  Compensator(DeadLetterStore& store, Replayer& replayer, int rate_per_second);
  ~Compensator();

  void start();
  /// Wakes the thread and joins it (a replay in progress finishes first).
  void stop();

 private:
  void run();

  DeadLetterStore& store_;
  Replayer& replayer_;
  int rate_per_second_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace tracker::event_dlt_monitor
