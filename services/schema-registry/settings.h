#pragma once

// The compatibility and mode settings (spec §1.5): a global setting plus optional per-subject
// ones, the rules of GET/PUT/DELETE /config and /mode, and the two questions the schema rules ask
// of them inside their own store session (effectiveConfig, checkWritable).

#include "compatibility.h"
#include "errors.h"
#include "schema_store.h"

#include <optional>
#include <string>
#include <string_view>

namespace tracker::schema_registry_service {

enum class Mode { kReadWrite, kReadOnly, kReadOnlyOverride };

/// "READWRITE", "READONLY" or "READONLY_OVERRIDE".
std::string_view modeName(Mode mode);

/// A compatibility setting: level plus the optional normalize flag.
struct CompatibilityConfig {
  CompatibilityLevel level = CompatibilityLevel::kBackward;
  std::optional<bool> normalize;
};

/// The setting that applies to `subject`: its own level and normalize flag where it sets them,
/// else the global ones, else BACKWARD without normalize.
Result<CompatibilityConfig> effectiveConfig(StoreSession& session, const std::string& subject);

/// kOperationNotPermitted unless the subject's own mode (or, without one, the global mode) is
/// READWRITE or unset.
Result<void> checkWritable(StoreSession& session, const std::string& subject);

/// The /config and /mode rules. `subject` nullopt means the global setting. Thread-safe.
class Settings {
 public:
  /// `store` must outlive this object.
  explicit Settings(SchemaStore& store) : store_(store) {}

  /// Config of `subject`. Without `default_to_global` a subject without its own level is
  /// kSubjectConfigNotFound; with it, the effective setting is returned.
  Result<CompatibilityConfig> config(const std::optional<std::string>& subject,
                                     bool default_to_global);
  /// Sets the level (case-insensitive name) and, when given, the normalize flag.
  Result<CompatibilityConfig> setConfig(const std::optional<std::string>& subject,
                                        std::string_view level, std::optional<bool> normalize);
  /// Removes a setting, returning what it was (global: back to BACKWARD). A subject without one is
  /// kSubjectNotFound.
  Result<CompatibilityConfig> deleteConfig(const std::optional<std::string>& subject);

  /// Mode of `subject`, as config() (kSubjectModeNotFound).
  Result<Mode> mode(const std::optional<std::string>& subject, bool default_to_global);
  /// Sets a mode (case-insensitive name; IMPORT is not supported).
  Result<Mode> setMode(const std::optional<std::string>& subject, std::string_view mode);
  /// Removes a mode, returning what it was (global: back to READWRITE), as deleteConfig().
  Result<Mode> deleteMode(const std::optional<std::string>& subject);

 private:
  SchemaStore& store_;
};

}  // namespace tracker::schema_registry_service
