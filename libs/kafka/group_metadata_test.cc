#include "kafka/group_metadata.h"

#include "kafka/admin.h"
#include "kafka/errors.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <cstring>
#include <memory>
#include <string>

namespace tracker::kafka {
namespace {

// The bytes librdkafka writes, built by hand from the documented layout.
std::string encode(std::string_view group, std::int32_t generation, std::string_view member,
                   const char* instance) {
  std::string bytes = "CGMDv2:";
  char generation_bytes[sizeof(generation)];
  std::memcpy(generation_bytes, &generation, sizeof(generation));
  bytes.append(generation_bytes, sizeof(generation));
  bytes.append(group).push_back('\0');
  bytes.append(member).push_back('\0');
  bytes.push_back(instance == nullptr ? '\1' : '\0');
  if (instance != nullptr) bytes.append(instance).push_back('\0');
  return bytes;
}

// What the installed librdkafka actually writes for these values.
std::string writtenByLibrdkafka(const char* group, std::int32_t generation, const char* member,
                                const char* instance) {
  RdKafkaPtr<rd_kafka_consumer_group_metadata_t> metadata(
      rd_kafka_consumer_group_metadata_new_with_genid(group, generation, member, instance));
  void* buffer = nullptr;
  std::size_t size = 0;
  RdKafkaPtr<rd_kafka_error_t> error(
      rd_kafka_consumer_group_metadata_write(metadata.get(), &buffer, &size));
  EXPECT_FALSE(error) << rd_kafka_error_string(error.get());
  std::string bytes(static_cast<const char*>(buffer), size);
  rd_kafka_mem_free(nullptr, buffer);
  return bytes;
}

TEST(GroupMetadataTest, ParsesDynamicMember) {
  auto parsed = parseConsumerGroupMetadata(encode("event-consumer", 7, "rdkafka-1a2b", nullptr));
  ASSERT_TRUE(parsed) << parsed.error().toString();
  EXPECT_EQ(parsed->group_id, "event-consumer");
  EXPECT_EQ(parsed->generation_id, 7);
  EXPECT_EQ(parsed->member_id, "rdkafka-1a2b");
  EXPECT_FALSE(parsed->group_instance_id.has_value());
}

TEST(GroupMetadataTest, ParsesStaticMemberAndNotJoinedYet) {
  auto parsed = parseConsumerGroupMetadata(encode("g", -1, "", "consumer-a"));
  ASSERT_TRUE(parsed) << parsed.error().toString();
  EXPECT_EQ(parsed->generation_id, -1);
  EXPECT_EQ(parsed->member_id, "");
  EXPECT_EQ(parsed->group_instance_id, "consumer-a");
}

TEST(GroupMetadataTest, AgreesWithTheInstalledLibrdkafka) {
  for (const char* instance : {static_cast<const char*>(nullptr), "instance-1"}) {
    for (std::int32_t generation : {-1, 0, 1, 0x01020304, 2147483647}) {
      const std::string bytes = writtenByLibrdkafka("grp", generation, "member-x", instance);
      EXPECT_EQ(bytes, encode("grp", generation, "member-x", instance));
      auto parsed = parseConsumerGroupMetadata(bytes);
      ASSERT_TRUE(parsed) << parsed.error().toString();
      const ConsumerGroupMetadata expected{
          "grp", generation, "member-x",
          instance == nullptr ? std::nullopt : std::optional<std::string>(instance)};
      EXPECT_EQ(*parsed, expected);
    }
  }
}

TEST(GroupMetadataTest, RejectsForeignOrDamagedBytes) {
  const std::string good = encode("g", 3, "m", "i");
  for (const std::string& bytes :
       {std::string(), std::string("CGMDv3:") + good.substr(7), good.substr(0, 9),
        good.substr(0, good.size() - 1), good + "x", encode("g", 3, "m", nullptr) + "i"}) {
    auto parsed = parseConsumerGroupMetadata(bytes);
    ASSERT_FALSE(parsed) << "accepted " << bytes.size() << " bytes";
    EXPECT_EQ(parsed.error().code, errc::kBadGroupMetadata);
  }
}

TEST(GroupMetadataTest, NoConsumerMeansUnknownGeneration) {
  EXPECT_EQ(consumerGeneration(nullptr), -1);
}

}  // namespace
}  // namespace tracker::kafka
