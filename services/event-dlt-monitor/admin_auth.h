#pragma once

// The admin scope of replay and discard: with keys configured, a request must carry one of them
// in X-API-Key (none → 401, another → 403); the audit records the key's name, never the key.
// With none configured, actions are open and recorded as "anonymous".

#include "config.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::event_dlt_monitor {

/// Outcome of checking one request.
struct AdminCheck {
  enum class Verdict { kAllowed, kMissing, kWrong };
  Verdict verdict = Verdict::kAllowed;
  /// The actor for the audit trail when allowed.
  std::string actor;
};

/// Immutable after construction: shared by every HTTP thread.
class AdminAuth {
 public:
  explicit AdminAuth(std::vector<AdminKey> keys) : keys_(std::move(keys)) {}

  bool enabled() const { return !keys_.empty(); }

  /// Checks the presented key (nullopt: no header) against every configured key in full, so the
  /// time taken does not tell how much of a key was right.
  AdminCheck check(std::optional<std::string_view> presented) const;

 private:
  std::vector<AdminKey> keys_;
};

}  // namespace tracker::event_dlt_monitor
