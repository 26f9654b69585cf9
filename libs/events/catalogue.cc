#include "events/catalogue.h"

#include "common/text.h"
#include "events/errors.h"

namespace tracker::events {

bool isEventTypeName(std::string_view name) {
  if (name.empty() || name.size() > kMaxEventTypeBytes) return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

common::Result<std::vector<std::string>> parseEventTypeList(std::string_view comma_list) {
  std::vector<std::string> names;
  for (const std::string_view name : common::splitList(comma_list)) {
    if (!isEventTypeName(name)) {
      return common::makeError(std::string(errc::kInvalidConfig),
                               "event type '" + std::string(name) +
                                   "' is not lower snake case (^[a-z][a-z0-9_]*$, at most 64 "
                                   "bytes)");
    }
    names.emplace_back(name);
  }
  return names;
}

Catalogue::Catalogue() {
  for (std::string_view type : kBuiltInEventTypes) types_.emplace(type, TypeInfo{});
  for (std::string_view type : kDefaultPostEventTypes) types_.find(type)->second.post = true;
  for (std::string_view type : kDefaultTargetOptionalTypes) {
    types_.find(type)->second.target = TargetUser::kOptional;
  }
  for (std::string_view type : kDefaultTargetRequiredTypes) {
    types_.find(type)->second.target = TargetUser::kRequired;
  }
}

common::Result<Catalogue> Catalogue::fromConfig(const CatalogueConfig& config) {
  Catalogue catalogue;
  auto extra = parseEventTypeList(config.extra_types);
  if (!extra) return tl::unexpected(extra.error());
  for (std::string& type : *extra) catalogue.types_.try_emplace(std::move(type));

  // A post or target type must be accepted in the first place, or the setting is a typo.
  auto not_in_catalogue = [](std::string_view setting, const std::string& type) {
    return common::makeError(
        std::string(errc::kInvalidConfig),
        std::string(setting) + " names '" + type + "', which is not in the event catalogue");
  };
  if (config.post_types) {
    auto post = parseEventTypeList(*config.post_types);
    if (!post) return tl::unexpected(post.error());
    for (auto& [name, info] : catalogue.types_) info.post = false;
    for (const std::string& type : *post) {
      auto found = catalogue.types_.find(type);
      if (found == catalogue.types_.end()) return not_in_catalogue("post types", type);
      found->second.post = true;
    }
  }
  if (config.target_required_types) {
    auto required = parseEventTypeList(*config.target_required_types);
    if (!required) return tl::unexpected(required.error());
    // A type dropped from the required set still names another user: it becomes optional.
    for (auto& [name, info] : catalogue.types_) {
      if (info.target == TargetUser::kRequired) info.target = TargetUser::kOptional;
    }
    for (const std::string& type : *required) {
      auto found = catalogue.types_.find(type);
      if (found == catalogue.types_.end()) return not_in_catalogue("target-required types", type);
      found->second.target = TargetUser::kRequired;
    }
  }
  return catalogue;
}

const Catalogue::TypeInfo* Catalogue::find(std::string_view event_type) const {
  auto found = types_.find(event_type);
  return found == types_.end() ? nullptr : &found->second;
}

bool Catalogue::contains(std::string_view event_type) const { return find(event_type) != nullptr; }

bool Catalogue::isPostEvent(std::string_view event_type) const {
  const TypeInfo* info = find(event_type);
  return info != nullptr && info->post;
}

TargetUser Catalogue::targetUser(std::string_view event_type) const {
  const TypeInfo* info = find(event_type);
  return info == nullptr ? TargetUser::kUnused : info->target;
}

std::vector<std::string> Catalogue::types() const {
  std::vector<std::string> names;
  names.reserve(types_.size());
  for (const auto& [name, info] : types_) names.push_back(name);
  return names;
}

common::Result<CatalogueConfig> readCatalogueConfig(const common::EnvLookup& env) {
  CatalogueConfig config;
  if (auto extra = env("TRACKER_EVENT_TYPES_EXTRA")) config.extra_types = *extra;
  if (auto post = env("TRACKER_EVENT_TYPES_POST")) config.post_types = *post;
  if (auto target = env("TRACKER_EVENT_TYPES_TARGET_REQUIRED")) {
    config.target_required_types = *target;
  }
  if (auto catalogue = Catalogue::fromConfig(config); !catalogue) {
    return common::invalidEnvironment("TRACKER_EVENT_TYPES_*", catalogue.error().message);
  }
  return config;
}

}  // namespace tracker::events
