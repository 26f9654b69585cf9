#include "content_type.h"

#include <gtest/gtest.h>

namespace tracker::event_producer {
namespace {

TEST(ContentTypeTest, Json) {
  EXPECT_EQ(classifyContentType("application/json"), BodyFormat::kJson);
  EXPECT_EQ(classifyContentType("Application/JSON; charset=UTF-8"), BodyFormat::kJson);
  EXPECT_EQ(classifyContentType("application/json;charset=\"utf-8\""), BodyFormat::kJson);
  EXPECT_EQ(classifyContentType(" application/json "), BodyFormat::kJson);
}

TEST(ContentTypeTest, JsonWithOtherCharsetIsRefused) {
  const auto format = classifyContentType("application/json; charset=latin1");
  ASSERT_FALSE(format);
  EXPECT_EQ(format.error().code, kUnsupportedMediaType);
}

TEST(ContentTypeTest, ProtobufSingleAndBatch) {
  EXPECT_EQ(classifyContentType("application/x-protobuf"), BodyFormat::kProtobufEvent);
  EXPECT_EQ(classifyContentType("application/protobuf"), BodyFormat::kProtobufEvent);
  EXPECT_EQ(classifyContentType("application/x-protobuf; messageType=events.UserBehaviorEvent"),
            BodyFormat::kProtobufEvent);
  EXPECT_EQ(
      classifyContentType("application/x-protobuf; messageType=events.UserBehaviorEventBatch"),
      BodyFormat::kProtobufBatch);
  EXPECT_EQ(
      classifyContentType("application/x-protobuf;MESSAGETYPE=\"events.UserBehaviorEventBatch\""),
      BodyFormat::kProtobufBatch);
}

TEST(ContentTypeTest, UnknownMessageTypeIsRefused) {
  const auto format = classifyContentType("application/x-protobuf; messageType=events.Other");
  ASSERT_FALSE(format);
  EXPECT_EQ(format.error().code, kUnsupportedMediaType);
  EXPECT_NE(format.error().message.find("events.Other"), std::string::npos);
}

TEST(ContentTypeTest, MissingOrOtherTypesAreRefused) {
  for (const std::optional<std::string_view> value :
       {std::optional<std::string_view>{}, std::optional<std::string_view>{""},
        std::optional<std::string_view>{"text/plain"},
        std::optional<std::string_view>{"application/xml"},
        std::optional<std::string_view>{"application/jsonx"},
        std::optional<std::string_view>{"multipart/form-data; boundary=x"}}) {
    const auto format = classifyContentType(value);
    ASSERT_FALSE(format) << value.value_or("<absent>");
    EXPECT_EQ(format.error().code, kUnsupportedMediaType);
  }
}

}  // namespace
}  // namespace tracker::event_producer
