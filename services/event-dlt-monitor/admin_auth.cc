#include "admin_auth.h"

#include "common/text.h"

namespace tracker::event_dlt_monitor {

AdminCheck AdminAuth::check(std::optional<std::string_view> presented) const {
  if (keys_.empty()) return {AdminCheck::Verdict::kAllowed, "anonymous"};
  if (!presented || presented->empty()) return {AdminCheck::Verdict::kMissing, ""};
  const AdminKey* match = nullptr;
  for (const AdminKey& key : keys_) {
    if (common::constantTimeEquals(key.key, *presented)) match = &key;
  }
  if (match == nullptr) return {AdminCheck::Verdict::kWrong, ""};
  return {AdminCheck::Verdict::kAllowed, match->name};
}

}  // namespace tracker::event_dlt_monitor
