#include "testing/memory_schema_store.h"

#include <algorithm>

namespace tracker::schema_registry_service::testing {
namespace {

using State = MemorySchemaStore::State;

// The statements over the tables in memory, as the PostgreSQL session runs them in SQL.
class MemorySession final : public StoreSession {
 public:
  explicit MemorySession(State& state) : state_(state) {}

  Result<std::optional<SchemaRecord>> schema(int id) override {
    const auto found = state_.schemas.find(id);
    if (found == state_.schemas.end()) return std::nullopt;
    return found->second;
  }

  Result<std::optional<int>> schemaIdOf(const std::string& identity) override {
    const auto found = state_.ids_by_identity.find(identity);
    if (found == state_.ids_by_identity.end()) return std::nullopt;
    return found->second;
  }

  Result<int> insertSchema(const NewSchema& schema) override {
    const int id = state_.schemas.empty() ? 1 : state_.schemas.rbegin()->first + 1;
    if (!state_.ids_by_identity.emplace(schema.identity, id).second) {
      return fail(storeError("duplicate key value violates unique constraint (fingerprint)"));
    }
    state_.schemas[id] = SchemaRecord{id, schema.canonical, schema.descriptor, schema.references};
    return id;
  }

  Result<std::optional<ResolvedReference>> schemaOfVersion(const std::string& subject,
                                                           int version) override {
    const auto* row = find(subject, version);
    if (row == nullptr) return std::nullopt;
    const SchemaRecord& record = state_.schemas.at(row->first);
    return ResolvedReference{record.descriptor, record.references};
  }

  Result<std::vector<VersionRecord>> subjectVersions(const std::string& subject) override {
    std::vector<VersionRecord> out;
    if (const auto found = state_.versions.find(subject); found != state_.versions.end()) {
      for (const auto& [version, row] : found->second) {
        out.push_back(VersionRecord{subject, version, row.first, row.second});
      }
    }
    return out;
  }

  Result<std::vector<VersionRecord>> versionsOfSchema(int id) override {
    std::vector<VersionRecord> out;
    for (const auto& [subject, versions] : state_.versions) {
      for (const auto& [version, row] : versions) {
        if (row.first == id) out.push_back(VersionRecord{subject, version, id, row.second});
      }
    }
    return out;
  }

  Result<std::vector<std::string>> subjects(bool include_deleted,
                                            std::string_view prefix) override {
    std::vector<std::string> out;
    for (const auto& [subject, versions] : state_.versions) {
      const bool listed = std::any_of(versions.begin(), versions.end(), [&](const auto& entry) {
        return include_deleted || !entry.second.second;
      });
      if (listed && subject.starts_with(prefix)) out.push_back(subject);
    }
    return out;
  }

  Result<void> insertVersion(const std::string& subject, int version, int schema_id) override {
    if (!state_.schemas.contains(schema_id) ||
        !state_.versions[subject].emplace(version, std::pair{schema_id, false}).second) {
      return fail(storeError("insert into registry_subject_version violates a constraint"));
    }
    return {};
  }

  Result<void> softDeleteVersions(const std::string& subject, std::optional<int> version) override {
    for (auto& [number, row] : state_.versions[subject]) {
      if (!version || number == *version) row.second = true;
    }
    return {};
  }

  Result<void> removeVersions(const std::string& subject, std::optional<int> version) override {
    auto& versions = state_.versions[subject];
    std::erase_if(versions, [&](const auto& entry) { return !version || entry.first == *version; });
    if (versions.empty()) state_.versions.erase(subject);
    return {};
  }

  Result<bool> isReferenced(const std::string& subject, int version) override {
    for (const auto& [id, record] : state_.schemas) {
      const bool refers = std::any_of(
          record.references.begin(), record.references.end(),
          [&](const Reference& ref) { return ref.subject == subject && ref.version == version; });
      if (refers && !versionsOfSchema(id)->empty()) return true;
    }
    return false;
  }

  Result<std::optional<ConfigRow>> config(const std::string& key) override {
    return lookup(state_.configs, key);
  }

  Result<void> putConfig(const std::string& key, std::string_view level,
                         std::optional<bool> normalize) override {
    ConfigRow& row = state_.configs[key];
    row.compatibility = std::string(level);
    if (normalize) row.normalize = normalize;
    return {};
  }

  Result<std::optional<ConfigRow>> removeConfig(const std::string& key) override {
    return take(state_.configs, key);
  }

  Result<std::optional<std::string>> mode(const std::string& key) override {
    return lookup(state_.modes, key);
  }

  Result<void> putMode(const std::string& key, std::string_view mode) override {
    state_.modes[key] = std::string(mode);
    return {};
  }

  Result<std::optional<std::string>> removeMode(const std::string& key) override {
    return take(state_.modes, key);
  }

 private:
  const std::pair<int, bool>* find(const std::string& subject, int version) const {
    const auto versions = state_.versions.find(subject);
    if (versions == state_.versions.end()) return nullptr;
    const auto row = versions->second.find(version);
    return row == versions->second.end() ? nullptr : &row->second;
  }

  template <typename Value>
  static std::optional<Value> lookup(const std::map<std::string, Value>& table,
                                     const std::string& key) {
    const auto found = table.find(key);
    if (found == table.end()) return std::nullopt;
    return found->second;
  }

  template <typename Value>
  static std::optional<Value> take(std::map<std::string, Value>& table, const std::string& key) {
    auto value = lookup(table, key);
    table.erase(key);
    return value;
  }

  State& state_;
};

}  // namespace

Result<void> MemorySchemaStore::read(const StoreWork& work) {
  // Exclusive like write(): a read session may not change the tables, but the session type cannot
  // tell, and tests gain nothing from parallel reads.
  std::unique_lock lock(mutex_);
  if (auto available = checkAvailable(); !available) return available;
  State snapshot = state_;
  MemorySession session(snapshot);
  return work(session);
}

Result<void> MemorySchemaStore::write(const StoreWork& work) {
  std::unique_lock lock(mutex_);
  if (auto available = checkAvailable(); !available) return available;
  State changed = state_;
  MemorySession session(changed);
  if (auto done = work(session); !done) return done;  // rolled back: `changed` is dropped
  state_ = std::move(changed);
  return {};
}

void MemorySchemaStore::setUnavailable(bool unavailable) {
  std::unique_lock lock(mutex_);
  unavailable_ = unavailable;
}

int MemorySchemaStore::sessions() const {
  std::shared_lock lock(mutex_);
  return sessions_;
}

Result<void> MemorySchemaStore::checkAvailable() {
  ++sessions_;
  if (unavailable_) return fail(storeError("PostgreSQL: connect: no connection (test)"));
  return {};
}

}  // namespace tracker::schema_registry_service::testing
