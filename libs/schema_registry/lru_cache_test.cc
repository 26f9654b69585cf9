#include "schema_registry/lru_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace tracker::schema_registry {
namespace {

TEST(LruCacheTest, EvictsTheLeastRecentlyUsed) {
  LruCache<std::string, int> cache(2);
  cache.put("a", 1);
  cache.put("b", 2);
  EXPECT_EQ(cache.get("a"), 1);  // "b" is now the least recently used.
  cache.put("c", 3);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.get("b").has_value());
  EXPECT_EQ(cache.get("a"), 1);
  EXPECT_EQ(cache.get("c"), 3);
}

TEST(LruCacheTest, PutReplacesWithoutGrowing) {
  LruCache<int, std::string> cache(2);
  cache.put(1, "x");
  cache.put(1, "y");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.get(1), "y");
}

TEST(LruCacheTest, ZeroCapacityNeverHolds) {
  LruCache<int, int> cache(0);
  cache.put(1, 1);
  EXPECT_FALSE(cache.get(1).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(LruCacheTest, ClearEmpties) {
  LruCache<int, int> cache(4);
  cache.put(1, 1);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.get(1).has_value());
}

TEST(LruCacheTest, ConcurrentUseStaysBounded) {
  LruCache<int, int> cache(16);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2'000; ++i) {
        cache.put((t * 7 + i) % 64, i);
        (void)cache.get(i % 64);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 16u);
}

}  // namespace
}  // namespace tracker::schema_registry
