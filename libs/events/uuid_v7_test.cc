#include "events/uuid_v7.h"

#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tracker::events {
namespace {

constexpr std::int64_t kSomeMs = 1'732'600'000'123;

TEST(UuidV7Test, TextIsCanonicalLowercaseWithVersionAndVariant) {
  UuidV7Generator generator;
  const std::regex canonical(
      "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 1000; ++i) {
    const std::string id = generator.next();
    ASSERT_TRUE(std::regex_match(id, canonical)) << id;
  }
}

TEST(UuidV7Test, TimestampIsTheClocksMillisecond) {
  UuidV7Generator generator([] { return kSomeMs; }, 1);
  const std::string id = generator.next();
  EXPECT_EQ(uuidV7TimestampMs(id), kSomeMs);
  EXPECT_EQ(id.substr(0, 13), "01936701-ee7b");  // 48-bit big-endian milliseconds
  const std::optional<Uuid> bytes = parseUuid(id);
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(formatUuid(*bytes), id);
}

TEST(UuidV7Test, SystemClockTimestampIsNow) {
  UuidV7Generator generator;
  const std::int64_t before = systemNowMs();
  const std::optional<std::int64_t> stamped = uuidV7TimestampMs(generator.next());
  const std::int64_t after = systemNowMs();
  ASSERT_TRUE(stamped.has_value());
  EXPECT_GE(*stamped, before);
  EXPECT_LE(*stamped, after);
}

TEST(UuidV7Test, HundredThousandIdsInOneMillisecondAreStrictlyIncreasing) {
  UuidV7Generator generator([] { return kSomeMs; }, 42);
  std::string previous = generator.next();
  for (int i = 0; i < 100'000; ++i) {
    std::string id = generator.next();
    ASSERT_LT(previous, id) << "at " << i;
    ASSERT_EQ(uuidV7TimestampMs(id), kSomeMs);
    previous = std::move(id);
  }
}

TEST(UuidV7Test, HundredThousandIdsOnTheSystemClockAreStrictlyIncreasing) {
  UuidV7Generator generator;
  std::string previous = generator.next();
  for (int i = 0; i < 100'000; ++i) {
    std::string id = generator.next();
    ASSERT_LT(previous, id) << "at " << i;
    previous = std::move(id);
  }
}

TEST(UuidV7Test, StaysIncreasingWhenTheClockStepsBack) {
  std::int64_t now = kSomeMs;
  UuidV7Generator generator([&now] { return now; }, 7);
  const std::string before_step = generator.next();
  now -= 5'000;
  const std::string after_step = generator.next();
  EXPECT_LT(before_step, after_step);
  EXPECT_EQ(uuidV7TimestampMs(after_step), kSomeMs);  // keeps its last millisecond
  now = kSomeMs + 1;
  const std::string caught_up = generator.next();
  EXPECT_LT(after_step, caught_up);
  EXPECT_EQ(uuidV7TimestampMs(caught_up), kSomeMs + 1);
}

TEST(UuidV7Test, ThreadsSharingAGeneratorNeverGetTheSameId) {
  UuidV7Generator generator;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20'000;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ids[t].reserve(kPerThread);
      for (int i = 0; i < kPerThread; ++i) ids[t].push_back(generator.next());
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> unique;
  for (const auto& list : ids) {
    // Each thread sees its own ids in increasing order too.
    for (std::size_t i = 1; i < list.size(); ++i) ASSERT_LT(list[i - 1], list[i]);
    unique.insert(list.begin(), list.end());
  }
  EXPECT_EQ(unique.size(), std::size_t{kThreads * kPerThread});
}

TEST(UuidV7Test, TimestampIsOnlyReadFromVersion7Variant10) {
  EXPECT_EQ(uuidV7TimestampMs("01932c07-6a3b-7000-8000-000000000000"), 0x01932c076a3b);
  EXPECT_EQ(uuidV7TimestampMs("01932C07-6A3B-7ABC-BFFF-FFFFFFFFFFFF"), 0x01932c076a3b);
  EXPECT_FALSE(uuidV7TimestampMs("550e8400-e29b-41d4-a716-446655440000"));  // version 4
  EXPECT_FALSE(uuidV7TimestampMs("01932c07-6a3b-7000-c000-000000000000"));  // variant 110
  EXPECT_FALSE(uuidV7TimestampMs("01932c076a3b70008000000000000000"));      // no dashes
  EXPECT_FALSE(uuidV7TimestampMs("01932c07-6a3b-7000-8000-00000000000g"));
  EXPECT_FALSE(uuidV7TimestampMs(""));
}

}  // namespace
}  // namespace tracker::events
