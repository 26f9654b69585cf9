#pragma once

// The event catalogue: which event_type values the ingest accepts, which of them are post events
// (indexed in the search index as well as stored in PostgreSQL) and which name another user in
// target_user_id. Built-in types can be extended, never removed, by configuration.

#include "common/env.h"
#include "common/result.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::events {

/// The types every deployment accepts (ARCHITECTURE.md §3, event catalogue).
inline constexpr std::array<std::string_view, 14> kBuiltInEventTypes = {
    "page_view", "click",    "search", "like",   "unlike",       "comment",      "share",
    "follow",    "unfollow", "login",  "logout", "post_created", "post_updated", "post_deleted"};

/// The default post events.
inline constexpr std::array<std::string_view, 3> kDefaultPostEventTypes = {
    "post_created", "post_updated", "post_deleted"};

/// Types whose target_user_id names another user. For follow/unfollow there is no event without
/// that user, so it is required; like/unlike/comment/share may be about a post (then the post id
/// rides in extra_data and the target user is optional).
inline constexpr std::array<std::string_view, 2> kDefaultTargetRequiredTypes = {"follow",
                                                                                "unfollow"};

/// Types that may name another user in target_user_id without requiring it.
inline constexpr std::array<std::string_view, 4> kDefaultTargetOptionalTypes = {"like", "unlike",
                                                                                "comment", "share"};

/// Maximum length of an event type name, in bytes.
inline constexpr std::size_t kMaxEventTypeBytes = 64;

/// How an event type uses target_user_id.
enum class TargetUser {
  kUnused,    ///< The field is not meaningful (it is still accepted and stored).
  kOptional,  ///< Names the other user when there is one.
  kRequired,  ///< Must name the other user.
};

/// What a deployment may change, as comma-separated lists of type names (typically from the
/// environment). A list that is not set keeps the default.
struct CatalogueConfig {
  /// Types accepted in addition to the built-in ones, e.g. "bookmark,report".
  std::string extra_types = {};
  /// Replaces the post-event set (default post_created, post_updated, post_deleted).
  std::optional<std::string> post_types = std::nullopt;
  /// Replaces the types that require target_user_id (default follow, unfollow); the other
  /// defaults of kDefaultTargetOptionalTypes stay optional.
  std::optional<std::string> target_required_types = std::nullopt;
};

/// True for a lower snake case name of at most kMaxEventTypeBytes bytes: ^[a-z][a-z0-9_]*$.
bool isEventTypeName(std::string_view name);

/// Splits a comma-separated list of event type names (spaces around names are ignored, empty
/// items skipped); fails with errc::kInvalidConfig naming the first bad name.
common::Result<std::vector<std::string>> parseEventTypeList(std::string_view comma_list);

/// The set of accepted event types and their properties. Immutable after construction, so one
/// instance can be shared by all threads.
class Catalogue {
 public:
  /// The built-in catalogue with the default post and target sets.
  Catalogue();

  /// The built-in catalogue changed by `config`; fails with errc::kInvalidConfig when a name is
  /// malformed or a post/target type is not in the resulting catalogue.
  static common::Result<Catalogue> fromConfig(const CatalogueConfig& config);

  /// True when `event_type` is accepted.
  bool contains(std::string_view event_type) const;

  /// True when events of this type also go to the search index (post events).
  bool isPostEvent(std::string_view event_type) const;

  /// How this type uses target_user_id (kUnused for types not in the catalogue).
  TargetUser targetUser(std::string_view event_type) const;

  /// True when target_user_id is required for this type.
  bool needsTarget(std::string_view event_type) const {
    return targetUser(event_type) == TargetUser::kRequired;
  }

  /// All accepted types, sorted.
  std::vector<std::string> types() const;

 private:
  struct TypeInfo {
    bool post = false;
    TargetUser target = TargetUser::kUnused;
  };

  const TypeInfo* find(std::string_view event_type) const;

  std::map<std::string, TypeInfo, std::less<>> types_;
};

/// The catalogue settings of every service, from TRACKER_EVENT_TYPES_EXTRA, _POST and
/// _TARGET_REQUIRED; checked here, so a service fails at start and not on its first event.
common::Result<CatalogueConfig> readCatalogueConfig(const common::EnvLookup& env);

}  // namespace tracker::events
