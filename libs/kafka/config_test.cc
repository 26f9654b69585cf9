#include "kafka/config.h"

#include "kafka/errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace tracker::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(BuildConfTest, AppliesKnownGlobalAndTopicProperties) {
  auto conf = buildConf({{"bootstrap.servers", "127.0.0.1:9092"},
                         {"linger.ms", "5"},
                         {"acks", "all"},
                         {"partitioner", "murmur2_random"}});
  ASSERT_TRUE(conf.has_value()) << conf.error().toString();
  std::string value;
  ASSERT_EQ((*conf)->get("linger.ms", value), RdKafka::Conf::CONF_OK);
  EXPECT_EQ(value, "5");
}

TEST(BuildConfTest, RejectsUnknownPropertyNamingIt) {
  auto conf = buildConf({{"bootstrap.servers", "127.0.0.1:9092"}, {"no.such.setting", "1"}});
  ASSERT_FALSE(conf.has_value());
  EXPECT_EQ(conf.error().code, errc::kInvalidConfig);
  EXPECT_THAT(conf.error().message, HasSubstr("\"no.such.setting\""));
  EXPECT_THAT(conf.error().message, HasSubstr("No such configuration property"));
}

TEST(BuildConfTest, RejectsInvalidValue) {
  auto conf = buildConf({{"linger.ms", "soon"}});
  ASSERT_FALSE(conf.has_value());
  EXPECT_EQ(conf.error().code, errc::kInvalidConfig);
  EXPECT_THAT(conf.error().message, HasSubstr("linger.ms"));
  EXPECT_THAT(conf.error().message, HasSubstr("soon"));
}

TEST(BuildConfTest, NeverEchoesSecretValues) {
  // An invalid value for a secret-looking key must not leak into logs via the error message.
  auto conf = buildConf({{"sasl.password.typo", "hunter2"}});
  ASSERT_FALSE(conf.has_value());
  EXPECT_THAT(conf.error().message, Not(HasSubstr("hunter2")));
  EXPECT_THAT(conf.error().message, HasSubstr("<redacted>"));
}

TEST(BuildConfTest, RegistersCallbacks) {
  struct NoopDeliveryReport : RdKafka::DeliveryReportCb {
    void dr_cb(RdKafka::Message&) override {}
  } delivery_report;
  auto conf = buildConf({}, ClientCallbacks{.delivery_report = &delivery_report});
  ASSERT_TRUE(conf.has_value()) << conf.error().toString();
  RdKafka::DeliveryReportCb* registered = nullptr;
  ASSERT_EQ((*conf)->get(registered), RdKafka::Conf::CONF_OK);
  EXPECT_EQ(registered, &delivery_report);
}

}  // namespace
}  // namespace tracker::kafka
