#include "events/murmur2_partitioner.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::events {
namespace {

struct JavaVector {
  std::string_view user_id;
  std::size_t utf8_bytes;
  std::int32_t murmur2;
  std::int32_t to_positive;
  std::int32_t partition_of_6;
  std::int32_t partition_of_12;
};

// "0123456789" repeated 30 times (300 bytes).
std::string long300() {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "0123456789";
  return text;
}

// Printed by Kafka's own Java code (kafka-clients 4.1.1, Utils.murmur2 / Utils.toPositive on
// userId.getBytes(UTF_8), partition = toPositive % n) for each id; lengths 0..9 cover every
// branch of the tail switch, the non-ASCII ids put bytes >= 0x80 both in whole words and in the
// tail (where sign extension would show).
constexpr JavaVector kJavaVectors[] = {
    {"", 0, 275646681, 275646681, 3, 9},
    {"a", 1, -1563381124, 584102524, 4, 4},
    {"ab", 2, 316155434, 316155434, 2, 2},
    {"abc", 3, 479470107, 479470107, 3, 3},
    {"abcd", 4, -1323649548, 823834100, 2, 8},
    {"abcde", 5, 461995741, 461995741, 1, 1},
    {"abcdef", 6, 1870650108, 1870650108, 0, 0},
    {"abcdefg", 7, -346467175, 1801016473, 1, 1},
    {"abcdefgh", 8, -955427363, 1192056285, 3, 9},
    {"abcdefghi", 9, -619679810, 1527803838, 0, 6},
    {"u1", 2, 745337584, 745337584, 4, 4},
    {"user-42", 7, 1459644460, 1459644460, 4, 4},
    {"user-1000000", 12, -1646562909, 500920739, 5, 11},
    {"用户-7", 8, -255974619, 1891509029, 5, 5},
    {"é", 2, 186971271, 186971271, 3, 3},
    {"用", 3, -485987253, 1661496395, 5, 11},
    {"x用户", 7, -2055054245, 92429403, 3, 3},
    {"émile", 6, 1936321415, 1936321415, 5, 11},
    {"🙂smile", 9, -1005475218, 1142008430, 2, 2},
    {"a-rather-long-user-identifier-0123456789-abcdefghijklmnopqrstuvwxyz", 67, 1701136258,
     1701136258, 4, 10},
    {"550e8400-e29b-41d4-a716-446655440000", 36, 2143099391, 2143099391, 5, 11},
};

TEST(Murmur2PartitionerTest, MatchesKafkasJavaClient) {
  for (const JavaVector& v : kJavaVectors) {
    SCOPED_TRACE(std::string(v.user_id));
    ASSERT_EQ(v.user_id.size(), v.utf8_bytes);  // the source file is UTF-8, as the Java input was
    EXPECT_EQ(murmur2(v.user_id), v.murmur2);
    EXPECT_EQ(toPositive(murmur2(v.user_id)), v.to_positive);
    EXPECT_EQ(partitionForUserId(v.user_id, 6), v.partition_of_6);
    EXPECT_EQ(partitionForUserId(v.user_id, 12), v.partition_of_12);
  }
}

TEST(Murmur2PartitionerTest, MatchesKafkasJavaClientOnALongId) {
  const std::string id = long300();
  EXPECT_EQ(murmur2(id), -203910773);
  EXPECT_EQ(toPositive(murmur2(id)), 1943572875);
  EXPECT_EQ(partitionForUserId(id, 6), 3);
  EXPECT_EQ(partitionForUserId(id, 12), 3);
}

TEST(Murmur2PartitionerTest, ToPositiveClearsTheSignBitOnly) {
  EXPECT_EQ(toPositive(-1), 0x7fffffff);
  EXPECT_EQ(toPositive(INT32_MIN), 0);  // where abs() would overflow
  EXPECT_EQ(toPositive(42), 42);
}

TEST(Murmur2PartitionerTest, OnePartitionTakesEverything) {
  EXPECT_EQ(partitionForUserId("anyone", 1), 0);
}

TEST(Murmur2PartitionerDeathTest, AbortsOnNonPositivePartitionCount) {
  EXPECT_DEATH(partitionForUserId("u1", 0), "num_partitions must be positive");
}

}  // namespace
}  // namespace tracker::events
