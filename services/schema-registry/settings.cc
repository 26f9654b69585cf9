#include "settings.h"

#include "registry.h"

#include <cctype>

namespace tracker::schema_registry_service {
namespace {

std::optional<Mode> parseMode(std::string_view text) {
  std::string name(text);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (Mode mode : {Mode::kReadWrite, Mode::kReadOnly, Mode::kReadOnlyOverride}) {
    if (name == modeName(mode)) return mode;
  }
  return std::nullopt;
}

// The settings key of `subject` (nullopt: the global setting).
std::string keyOf(const std::optional<std::string>& subject) {
  return subject.value_or(std::string(kGlobalKey));
}

CompatibilityConfig configOf(const ConfigRow& row) {
  CompatibilityConfig config;
  if (row.compatibility) {
    config.level = parseCompatibilityLevel(*row.compatibility).value_or(config.level);
  }
  config.normalize = row.normalize;
  return config;
}

}  // namespace

std::string_view modeName(Mode mode) {
  switch (mode) {
    case Mode::kReadWrite:
      return "READWRITE";
    case Mode::kReadOnly:
      return "READONLY";
    case Mode::kReadOnlyOverride:
      return "READONLY_OVERRIDE";
  }
  return "READWRITE";
}

Result<CompatibilityConfig> effectiveConfig(StoreSession& session, const std::string& subject) {
  CompatibilityConfig config;
  for (const std::string& key : {std::string(kGlobalKey), subject}) {  // the subject's own last
    auto row = session.config(key);
    if (!row) return fail(row.error());
    if (!*row) continue;
    if (const auto& level = (*row)->compatibility) {
      if (auto parsed = parseCompatibilityLevel(*level)) config.level = *parsed;
    }
    if ((*row)->normalize) config.normalize = (*row)->normalize;
  }
  return config;
}

Result<void> checkWritable(StoreSession& session, const std::string& subject) {
  auto mode = session.mode(subject);
  if (mode && !*mode) mode = session.mode(std::string(kGlobalKey));
  if (!mode) return fail(mode.error());
  if (*mode && **mode != modeName(Mode::kReadWrite)) return fail(readOnlyMode(subject));
  return {};
}

Result<CompatibilityConfig> Settings::config(const std::optional<std::string>& subject,
                                             bool default_to_global) {
  return store_.readValue<CompatibilityConfig>(
      [&](StoreSession& session) -> Result<CompatibilityConfig> {
        auto row = session.config(keyOf(subject));
        if (!row) return fail(row.error());
        if (*row && (*row)->compatibility) return configOf(**row);
        if (subject && !default_to_global) return fail(subjectConfigNotFound(*subject));
        return effectiveConfig(session, keyOf(subject));
      });
}

Result<CompatibilityConfig> Settings::setConfig(const std::optional<std::string>& subject,
                                                std::string_view level,
                                                std::optional<bool> normalize) {
  const auto parsed = parseCompatibilityLevel(level);
  if (!parsed) return fail(invalidCompatibilityLevel());
  if (subject) {
    if (auto valid = validateSubject(*subject); !valid) return fail(valid.error());
  }
  return store_.writeValue<CompatibilityConfig>(
      [&](StoreSession& session) -> Result<CompatibilityConfig> {
        auto done = session.putConfig(keyOf(subject), compatibilityLevelName(*parsed), normalize);
        if (!done) return fail(done.error());
        return CompatibilityConfig{*parsed, normalize};
      });
}

Result<CompatibilityConfig> Settings::deleteConfig(const std::optional<std::string>& subject) {
  return store_.writeValue<CompatibilityConfig>(
      [&](StoreSession& session) -> Result<CompatibilityConfig> {
        auto row = session.removeConfig(keyOf(subject));
        if (!row) return fail(row.error());
        if (!*row && subject) return fail(subjectNotFound(*subject));
        return *row ? configOf(**row) : CompatibilityConfig{};
      });
}

Result<Mode> Settings::mode(const std::optional<std::string>& subject, bool default_to_global) {
  return store_.readValue<Mode>([&](StoreSession& session) -> Result<Mode> {
    auto own = session.mode(keyOf(subject));
    if (!own) return fail(own.error());
    if (!*own && subject && !default_to_global) return fail(subjectModeNotFound(*subject));
    auto found = *own ? own : session.mode(std::string(kGlobalKey));
    if (!found) return fail(found.error());
    return *found ? parseMode(**found).value_or(Mode::kReadWrite) : Mode::kReadWrite;
  });
}

Result<Mode> Settings::setMode(const std::optional<std::string>& subject, std::string_view text) {
  const auto parsed = parseMode(text);
  if (!parsed) return fail(invalidMode());
  return store_.writeValue<Mode>([&](StoreSession& session) -> Result<Mode> {
    if (auto done = session.putMode(keyOf(subject), modeName(*parsed)); !done) {
      return fail(done.error());
    }
    return *parsed;
  });
}

Result<Mode> Settings::deleteMode(const std::optional<std::string>& subject) {
  return store_.writeValue<Mode>([&](StoreSession& session) -> Result<Mode> {
    auto row = session.removeMode(keyOf(subject));
    if (!row) return fail(row.error());
    if (!*row && subject) return fail(subjectNotFound(*subject));
    return *row ? parseMode(**row).value_or(Mode::kReadWrite) : Mode::kReadWrite;
  });
}

}  // namespace tracker::schema_registry_service
