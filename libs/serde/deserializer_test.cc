// The deserializer against the in-memory registry: round trips with the serializer, writer
// schemas in text and base64 form, references, and every way a record can be refused.

#include "serde/deserializer.h"

#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "schema_registry/errors.h"
#include "schema_registry/testing/in_memory_schema_source.h"
#include "serde/errors.h"
#include "serde/proto_schema.h"
#include "serde/serializer.h"
#include "serde/testing/proto_pool.h"
#include "serde/wire_format.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

namespace tracker::serde {
namespace {

using google::protobuf::util::MessageDifferencer;
using schema_registry::Schema;
using schema_registry::testing::InMemorySchemaSource;

events::UserBehaviorEvent sampleEvent() {
  events::UserBehaviorEvent event;
  event.set_event_id("e-1");
  event.set_event_type("follow");
  event.set_user_id("u-1");
  event.set_target_user_id("u-2");
  event.set_timestamp(1'732'600'000'123);
  (*event.mutable_extra_data())["title"] = "héllo";
  return event;
}

// Registers `text` (or any schema string) under `subject`; returns the id.
int registerSchema(InMemorySchemaSource& registry, const std::string& subject, std::string text,
                   std::vector<schema_registry::Reference> references = {}) {
  auto result = registry.registerSchema(
      subject, Schema{"PROTOBUF", std::move(text), std::move(references)}, false);
  EXPECT_TRUE(result.has_value());
  return result ? result->id : 0;
}

std::string frame(int id, std::vector<int> path, const std::string& payload) {
  return encodeFrame(id, path, payload, false);
}

TEST(DeserializerTest, RoundTripWithTheSerializerAndCachedVerdict) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  const auto event = sampleEvent();
  for (int i = 0; i < 3; ++i) {
    auto bytes = serializer.serialize("user-events", event);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();
    auto read = deserializer.deserialize(*bytes);
    ASSERT_TRUE(read.has_value()) << read.error().toString();
    EXPECT_TRUE(MessageDifferencer::Equals(read->message, event));
  }
  EXPECT_EQ(registry->callCounts().get_schema_by_id, 1);
}

TEST(DeserializerTest, ReadsWriterSchemasRegisteredAsBase64Descriptors) {
  // What Python and JavaScript producers register.
  auto registry = std::make_shared<InMemorySchemaSource>();
  const int id = registerSchema(
      *registry, "t-value", serializedSchemaOf(*events::UserBehaviorEvent::descriptor()->file()));
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  auto read = deserializer.deserialize(frame(id, {0}, sampleEvent().SerializeAsString()));
  ASSERT_TRUE(read.has_value()) << read.error().toString();
  EXPECT_EQ(read->message.user_id(), "u-1");
  EXPECT_EQ(read->message.extra_data().at("title"), "héllo");
  EXPECT_EQ(read->schema_id, id);  // the frame's id, read once with the message
}

TEST(DeserializerTest, AcceptsAnOlderCompatibleWriter) {
  // The writer lacks fields the reader has, and names one field differently: still readable.
  auto registry = std::make_shared<InMemorySchemaSource>();
  const int id = registerSchema(*registry, "t-value",
                                "syntax = \"proto3\"; package events;\n"
                                "message UserBehaviorEvent { string event_id = 1; "
                                "string kind = 2; int32 timestamp = 5; }");
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  auto read = deserializer.deserialize(frame(id, {0}, sampleEvent().SerializeAsString()));
  ASSERT_TRUE(read.has_value()) << read.error().toString();
  EXPECT_EQ(read->message.event_type(), "follow");
}

TEST(DeserializerTest, DeprecatedIndexFormatForNestedMessages) {
  testing::ProtoPool pool;
  pool.add(
      "syntax = \"proto3\"; package p; message A { message B { int32 x = 1; } "
      "message C { int32 y = 1; } }",
      "p.proto");
  auto registry = std::make_shared<InMemorySchemaSource>();
  auto message = pool.newMessage("p.A.C");
  message->GetReflection()->SetInt32(message.get(), message->GetDescriptor()->field(0), 150);
  for (const bool deprecated : {false, true}) {
    ProtobufSerializer serializer(registry, pool.message("p.A.C"),
                                  {.use_deprecated_format = deprecated});
    ProtobufDeserializer deserializer(registry, pool.message("p.A.C"),
                                      {.use_deprecated_format = deprecated});
    auto bytes = serializer.serialize("t", *message);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();
    auto read = pool.newMessage("p.A.C");
    auto done = deserializer.deserializeInto(*bytes, *read);
    ASSERT_TRUE(done.has_value()) << done.error().toString();
    EXPECT_TRUE(MessageDifferencer::Equals(*read, *message));
  }
}

TEST(DeserializerTest, NestedMessageAfterAMapFieldIsRefusedNotMisread) {
  // Known limit (README): the compiled descriptor has nested types [ExtraEntry, B], the registered
  // text lists B first, so path [0,1] names the map entry in the writer schema.
  testing::ProtoPool pool;
  pool.add(
      "syntax = \"proto3\"; package p; message A { map<string, string> extra = 1; "
      "message B { int32 x = 1; } }",
      "p.proto");
  auto registry = std::make_shared<InMemorySchemaSource>();
  ProtobufSerializer serializer(registry, pool.message("p.A.B"), {});
  ProtobufDeserializer deserializer(registry, pool.message("p.A.B"), {});
  auto bytes = serializer.serialize("t", *pool.newMessage("p.A.B"));
  ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();
  auto read = pool.newMessage("p.A.B");
  auto done = deserializer.deserializeInto(*bytes, *read);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, errc::kWrongMessageType);
}

TEST(DeserializerTest, ResolvesReferencesAndBuiltinImports) {
  testing::ProtoPool pool;
  pool.add("syntax = \"proto3\"; package common; message Money { int64 units = 1; }",
           "common/money.proto");
  pool.add(
      "syntax = \"proto3\"; package shop; import \"common/money.proto\";\n"
      "import \"google/protobuf/timestamp.proto\";\n"
      "message Order { common.Money total = 1; google.protobuf.Timestamp at = 2; }",
      "shop/order.proto");
  auto registry = std::make_shared<InMemorySchemaSource>();
  ProtobufSerializer serializer(registry, pool.message("shop.Order"), {});
  ProtobufDeserializer deserializer(registry, pool.message("shop.Order"), {});
  auto order = pool.newMessage("shop.Order");
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "total { units: 42 } at { seconds: 1700000000 }", order.get()));
  auto bytes = serializer.serialize("orders", *order);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();
  auto read = pool.newMessage("shop.Order");
  auto done = deserializer.deserializeInto(*bytes, *read);
  ASSERT_TRUE(done.has_value()) << done.error().toString();
  EXPECT_TRUE(MessageDifferencer::Equals(*read, *order));
  EXPECT_EQ(registry->callCounts().get_version, 1);
}

TEST(DeserializerTest, FramingErrorsComeFromTheWireFormat) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  EXPECT_EQ(deserializer.deserialize("").error().code, errc::kTooShort);
  EXPECT_EQ(deserializer.deserialize(std::string("\1\0\0\0\1\0", 6)).error().code, errc::kBadMagic);
  EXPECT_EQ(deserializer.deserialize(std::string("\0\0\0\0\1\1\0", 7)).error().code,
            errc::kBadMessageIndexes);
  EXPECT_EQ(registry->callCounts().get_schema_by_id, 0);
}

TEST(DeserializerTest, UnknownSchemaId) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  EXPECT_EQ(deserializer.deserialize(frame(42, {0}, "")).error().code, errc::kUnknownSchemaId);
  EXPECT_EQ(deserializer.deserialize(frame(0, {0}, "")).error().code, errc::kUnknownSchemaId);
  EXPECT_EQ(deserializer.deserialize(frame(-5, {0}, "")).error().code, errc::kUnknownSchemaId);
}

TEST(DeserializerTest, IndexPathNotInTheWriterSchema) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  const int id = registerSchema(*registry, "t-value",
                                protoTextOf(*events::UserBehaviorEvent::descriptor()->file()));
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  for (const std::vector<int>& path : std::vector<std::vector<int>>{{1}, {0, 5}, {70}}) {
    auto read = deserializer.deserialize(frame(id, path, ""));
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code, errc::kUnknownMessageIndex);
  }
}

TEST(DeserializerTest, WriterOfAnotherTypeIsRefused) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  const int id = registerSchema(*registry, "t-key",
                                protoTextOf(*events::UserBehaviorKey::descriptor()->file()));
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  events::UserBehaviorKey key;
  key.set_user_id("u-1");
  auto read = deserializer.deserialize(frame(id, {0}, key.SerializeAsString()));
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, errc::kWrongMessageType);
  EXPECT_NE(read.error().message.find("events.UserBehaviorKey"), std::string::npos);
}

TEST(DeserializerTest, IncompatibleWriterIsRefusedAndTheVerdictCached) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  const int id = registerSchema(*registry, "t-value",
                                "syntax = \"proto3\"; package events;\n"
                                "message UserBehaviorEvent { string event_id = 1; "
                                "string timestamp = 5; }");
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  for (int i = 0; i < 2; ++i) {
    auto read = deserializer.deserialize(frame(id, {0}, ""));
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code, errc::kIncompatibleSchema);
    EXPECT_NE(
        read.error().message.find("FIELD_SCALAR_KIND_CHANGED at #/events.UserBehaviorEvent/5"),
        std::string::npos)
        << read.error().message;
  }
  EXPECT_EQ(registry->callCounts().get_schema_by_id, 1);
}

TEST(DeserializerTest, UnparseableWriterSchema) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  const int id = registerSchema(*registry, "t-value", "message {");
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  EXPECT_EQ(deserializer.deserialize(frame(id, {0}, "")).error().code, errc::kInvalidSchema);
}

TEST(DeserializerTest, PayloadThatDoesNotParse) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  auto bytes = serializer.serialize("t", sampleEvent());
  ASSERT_TRUE(bytes.has_value());
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  // Field 1 announced as 10 bytes long, 2 present.
  auto read = deserializer.deserialize(bytes->substr(0, 6) + std::string("\x0a\x0a\x68\x69", 4));
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, errc::kInvalidPayload);
}

TEST(DeserializerTest, TransientRegistryFailureIsPassedThroughAndNotCached) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  auto bytes = serializer.serialize("t", sampleEvent());
  ASSERT_TRUE(bytes.has_value());
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  registry->failNextCall({std::string(schema_registry::errc::kTransport), "registry down"});
  auto failed = deserializer.deserialize(*bytes);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, schema_registry::errc::kTransport);
  EXPECT_TRUE(deserializer.deserialize(*bytes).has_value());
}

TEST(DeserializerTest, EmptyPayloadIsAnAllDefaultMessage) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  auto bytes = serializer.serialize("t", events::UserBehaviorEvent());
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), kMinFrameSize);
  Deserializer<events::UserBehaviorEvent> deserializer(registry);
  auto read = deserializer.deserialize(*bytes);
  ASSERT_TRUE(read.has_value()) << read.error().toString();
  EXPECT_EQ(read->message.ByteSizeLong(), 0u);
}

}  // namespace
}  // namespace tracker::serde
