#pragma once

// A SchemaStore in memory, for unit tests of the registry's rules (never in the service). It keeps
// the PostgreSQL store's contract: write() runs alone and a failed write leaves nothing behind;
// read() sees committed state. setUnavailable() makes every session fail as an outage would.

#include "schema_store.h"

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace tracker::schema_registry_service::testing {

/// Thread-safe.
class MemorySchemaStore final : public SchemaStore {
 public:
  Result<void> read(const StoreWork& work) override;
  Result<void> write(const StoreWork& work) override;

  /// While true, every read() and write() fails with kStoreError before running its work.
  void setUnavailable(bool unavailable);

  /// Sessions run so far (reads and writes); lets tests see whether a request reached the store.
  int sessions() const;

  /// The tables.
  struct State {
    std::map<int, SchemaRecord> schemas;
    std::map<std::string, int> ids_by_identity;
    /// subject → version → (schema id, deleted)
    std::map<std::string, std::map<int, std::pair<int, bool>>> versions;
    std::map<std::string, ConfigRow> configs;
    std::map<std::string, std::string> modes;
  };

 private:
  Result<void> checkAvailable();

  mutable std::shared_mutex mutex_;
  State state_;               // guarded by mutex_
  bool unavailable_ = false;  // guarded by mutex_
  int sessions_ = 0;          // guarded by mutex_ (exclusively)
};

}  // namespace tracker::schema_registry_service::testing
