#pragma once

// A bounded, thread-safe least-recently-used map, for caching registry answers.

#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace tracker::schema_registry {

/// Holds at most `capacity` entries; inserting into a full cache evicts the entry used least
/// recently. Capacity 0 disables caching (get always misses). Every method locks one mutex, so the
/// cache may be shared between threads; values are returned by copy.
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class LruCache {
 public:
  /// An empty cache holding at most `capacity` entries.
  explicit LruCache(std::size_t capacity) : capacity_(capacity) {}

  /// The value for `key`, marking it most recently used; nullopt on a miss.
  std::optional<Value> get(const Key& key) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return std::nullopt;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->second;
  }

  /// Inserts or replaces the value for `key`, evicting the least recently used entry if full.
  void put(const Key& key, Value value) {
    std::lock_guard lock(mutex_);
    if (capacity_ == 0) return;
    if (const auto found = index_.find(key); found != index_.end()) {
      found->second->second = std::move(value);
      entries_.splice(entries_.begin(), entries_, found->second);
      return;
    }
    if (entries_.size() == capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
    entries_.emplace_front(key, std::move(value));
    index_.emplace(key, entries_.begin());
  }

  /// Removes every entry.
  void clear() {
    std::lock_guard lock(mutex_);
    index_.clear();
    entries_.clear();
  }

  /// The number of entries held.
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  using Entries = std::list<std::pair<Key, Value>>;

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  Entries entries_;  // Most recently used first.
  std::unordered_map<Key, typename Entries::iterator, Hash> index_;
};

}  // namespace tracker::schema_registry
