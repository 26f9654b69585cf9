#pragma once

// The bookkeeping of a bounded pool, apart from connections and locks so it can be tested alone:
// which items are idle, how many exist (idle + borrowed + being opened), and the limit. Pool
// (pool.h) holds one under its mutex; not thread-safe by itself.

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace tracker::postgres {

/// `Item` is what the pool lends (a Connection); only moved.
template <typename Item>
class PoolSlots {
 public:
  /// At most `limit` items exist at once (at least 1).
  explicit PoolSlots(std::size_t limit) : limit_(limit < 1 ? 1 : limit) {}

  /// An item can be had now: one is idle, or a slot for a new one is free.
  bool canTake() const { return !idle_.empty() || open_ < limit_; }

  /// Lends the most recently returned idle item (the one least likely to have timed out), or
  /// nullopt when none is idle.
  std::optional<Item> takeIdle() {
    if (idle_.empty()) return std::nullopt;
    Item item = std::move(idle_.back());
    idle_.pop_back();
    return item;
  }

  /// Claims a slot for an item the caller is about to open; false when all slots are taken.
  bool reserve() {
    if (open_ >= limit_) return false;
    ++open_;
    return true;
  }

  /// Frees the slot of an item that is gone (its opening failed, or it was lost while lent).
  void release() {
    if (open_ > 0) --open_;
  }

  /// Takes a lent item back as idle.
  void giveBack(Item item) { idle_.push_back(std::move(item)); }

  /// Removes every idle item (they are presumed dead) and frees their slots; returns them, so the
  /// caller can close them outside its lock.
  std::vector<Item> dropIdle() {
    open_ -= idle_.size();
    return std::exchange(idle_, {});
  }

  /// Items that exist: idle, lent, or being opened.
  std::size_t open() const { return open_; }
  std::size_t idle() const { return idle_.size(); }
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::size_t open_ = 0;
  std::vector<Item> idle_;
};

}  // namespace tracker::postgres
