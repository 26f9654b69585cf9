// The librdkafka a binary runs with is the one it was compiled against, and at least 2.14
// (cmake/TrackerLibrdkafka.cmake): a binary that found bookworm's 2.0.2 at run time, through the
// system's library path instead of the rpath, fails here.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

namespace tracker::kafka {
namespace {

constexpr int kMinimumVersion = 0x020e0000;  // 2.14.0, in RD_KAFKA_VERSION's encoding

TEST(LibrdkafkaVersionTest, CompiledAgainstAtLeast2_14) {
  EXPECT_GE(RD_KAFKA_VERSION, kMinimumVersion) << rd_kafka_version_str();
}

TEST(LibrdkafkaVersionTest, RunsWithTheLibrariesItWasCompiledAgainst) {
  EXPECT_EQ(rd_kafka_version(), RD_KAFKA_VERSION) << "C library " << rd_kafka_version_str();
  EXPECT_EQ(RdKafka::version(), RD_KAFKA_VERSION) << "C++ library " << RdKafka::version_str();
}

}  // namespace
}  // namespace tracker::kafka
