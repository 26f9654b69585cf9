#include "kafka/group_metadata.h"

#include "kafka/admin.h"
#include "kafka/errors.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <string>

namespace tracker::kafka {
namespace {

// What our conversion reads from a metadata object librdkafka built from these values.
ConsumerGroupMetadata readBack(const char* group, std::int32_t generation, const char* member,
                               const char* instance) {
  RdKafkaPtr<rd_kafka_consumer_group_metadata_t> metadata(
      rd_kafka_consumer_group_metadata_new_with_genid(group, generation, member, instance));
  EXPECT_TRUE(metadata);
  return toConsumerGroupMetadata(*metadata);
}

TEST(GroupMetadataTest, ReadsDynamicMember) {
  const ConsumerGroupMetadata expected{"event-consumer", 7, "rdkafka-1a2b", std::nullopt};
  EXPECT_EQ(readBack("event-consumer", 7, "rdkafka-1a2b", nullptr), expected);
}

TEST(GroupMetadataTest, ReadsStaticMember) {
  for (std::int32_t generation : {-1, 0, 1, 0x01020304, 2147483647}) {
    const ConsumerGroupMetadata expected{"grp", generation, "member-x", "instance-1"};
    EXPECT_EQ(readBack("grp", generation, "member-x", "instance-1"), expected);
  }
}

TEST(GroupMetadataTest, NotJoinedYetHasNoMemberId) {
  const ConsumerGroupMetadata expected{"g", -1, "", std::nullopt};
  EXPECT_EQ(readBack("g", -1, "", nullptr), expected);
}

TEST(GroupMetadataTest, NoConsumerMeansUnknownGeneration) {
  auto metadata = consumerGroupMetadata(nullptr);
  ASSERT_FALSE(metadata);
  EXPECT_EQ(metadata.error().code, errc::kBadGroupMetadata);
  EXPECT_EQ(consumerGeneration(nullptr), -1);
}

}  // namespace
}  // namespace tracker::kafka
