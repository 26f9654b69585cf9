// The serializer against the in-memory registry: subjects, registration, framing, caching.

#include "serde/serializer.h"

#include "events/user_behavior_event.pb.h"
#include "events/user_behavior_key.pb.h"
#include "schema_registry/errors.h"
#include "schema_registry/testing/in_memory_schema_source.h"
#include "serde/errors.h"
#include "serde/proto_schema.h"
#include "serde/testing/proto_pool.h"
#include "serde/wire_format.h"

#include <gtest/gtest.h>

namespace tracker::serde {
namespace {

using schema_registry::SchemaFormat;
using schema_registry::testing::InMemorySchemaSource;

events::UserBehaviorEvent sampleEvent() {
  events::UserBehaviorEvent event;
  event.set_event_id("e-1");
  event.set_event_type("follow");
  event.set_user_id("u-1");
  event.set_timestamp(1'732'600'000'123);
  (*event.mutable_extra_data())["k"] = "v";
  return event;
}

TEST(SerializerTest, RegistersUnderTopicValueAndFramesThePayload) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  const auto event = sampleEvent();
  auto bytes = serializer.serialize("user-events", event);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();

  auto frame = decodeFrame(*bytes, false);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->schema_id, 1);
  EXPECT_EQ(frame->message_indexes, std::vector<int>{0});
  EXPECT_EQ(frame->payload, event.SerializeAsString());
  EXPECT_EQ(bytes->substr(0, 6), std::string("\0\0\0\0\1\0", 6));

  auto registered = registry->getVersion("user-events-value", schema_registry::kLatestVersion,
                                         SchemaFormat::kDefault, false);
  ASSERT_TRUE(registered.has_value()) << registered.error().toString();
  EXPECT_EQ(registered->schema.schema_type, "PROTOBUF");
  EXPECT_EQ(registered->schema.schema,
            protoTextOf(*events::UserBehaviorEvent::descriptor()->file()));
  EXPECT_TRUE(registered->schema.references.empty());
}

TEST(SerializerTest, SchemaIdIsCachedPerSubject) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(serializer.serialize("a", sampleEvent()).has_value());
  EXPECT_EQ(registry->callCounts().register_schema, 1);
  ASSERT_TRUE(serializer.serialize("b", sampleEvent()).has_value());
  EXPECT_EQ(registry->callCounts().register_schema, 2);
}

TEST(SerializerTest, KeySubjectAndStrategies) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  events::UserBehaviorKey key;
  key.set_user_id("u-1");
  Serializer<events::UserBehaviorKey> key_serializer(registry, {.is_key = true});
  ASSERT_TRUE(key_serializer.serialize("user-events", key).has_value());
  Serializer<events::UserBehaviorKey> record_serializer(
      registry, {.subject_name_strategy = SubjectNameStrategy::kRecordName});
  ASSERT_TRUE(record_serializer.serialize("user-events", key).has_value());
  Serializer<events::UserBehaviorKey> topic_record_serializer(
      registry, {.subject_name_strategy = SubjectNameStrategy::kTopicRecordName});
  ASSERT_TRUE(topic_record_serializer.serialize("user-events", key).has_value());
  for (const char* subject :
       {"user-events-key", "events.UserBehaviorKey", "user-events-events.UserBehaviorKey"}) {
    EXPECT_TRUE(registry->getVersion(subject, 1, SchemaFormat::kDefault, false).has_value())
        << subject;
  }
}

TEST(SerializerTest, WithoutAutoRegisterOnlyLooksUp) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry, {.auto_register = false});
  auto missing = serializer.serialize("t", sampleEvent());
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(schema_registry::errc::isRegistryError(missing.error(),
                                                     schema_registry::errc::kSubjectNotFound));
  EXPECT_EQ(registry->callCounts().register_schema, 0);

  // Once someone registered it, the lookup finds the id.
  Serializer<events::UserBehaviorEvent> registering(registry);
  ASSERT_TRUE(registering.serialize("t", sampleEvent()).has_value());
  auto found = serializer.serialize("t", sampleEvent());
  ASSERT_TRUE(found.has_value()) << found.error().toString();
  EXPECT_EQ(decodeFrame(*found, false)->schema_id, 1);
}

TEST(SerializerTest, NestedMessageWritesItsPathInEitherFormat) {
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
    auto bytes = serializer.serialize("t", *message);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();
    const std::string expected_indexes =
        deprecated ? std::string("\x02\x00\x01", 3) : std::string("\x04\x00\x02", 3);
    EXPECT_EQ(bytes->substr(5), expected_indexes + std::string("\x08\x96\x01", 3));
  }
}

TEST(SerializerTest, RegistersNonBuiltinImportsAsReferences) {
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
  auto order = pool.newMessage("shop.Order");
  auto bytes = serializer.serialize("orders", *order);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().toString();

  auto reference = registry->getVersion("common/money.proto", 1, SchemaFormat::kDefault, false);
  ASSERT_TRUE(reference.has_value()) << "the import is registered under its path";
  auto main = registry->getVersion("orders-value", 1, SchemaFormat::kDefault, false);
  ASSERT_TRUE(main.has_value());
  EXPECT_EQ(
      main->schema.references,
      (std::vector<schema_registry::Reference>{{"common/money.proto", "common/money.proto", 1}}));
  EXPECT_EQ(decodeFrame(*bytes, false)->schema_id, main->id);
  EXPECT_FALSE(
      registry->getVersion("google/protobuf/timestamp.proto", 1, SchemaFormat::kDefault, false)
          .has_value())
      << "built-in imports are not registered";
}

TEST(SerializerTest, RegistryFailurePassesThroughAndIsNotCached) {
  auto registry = std::make_shared<InMemorySchemaSource>();
  Serializer<events::UserBehaviorEvent> serializer(registry);
  registry->failNextCall({std::string(schema_registry::errc::kTransport), "registry down"});
  auto failed = serializer.serialize("t", sampleEvent());
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, schema_registry::errc::kTransport);
  EXPECT_TRUE(serializer.serialize("t", sampleEvent()).has_value());
}

TEST(SerializerTest, RejectsOtherTypesAndUninitializedProto2) {
  testing::ProtoPool pool;
  pool.add("syntax = \"proto2\"; package p; message R { required int32 x = 1; }", "r.proto");
  auto registry = std::make_shared<InMemorySchemaSource>();
  ProtobufSerializer serializer(registry, pool.message("p.R"), {});
  auto missing_required = serializer.serialize("t", *pool.newMessage("p.R"));
  ASSERT_FALSE(missing_required.has_value());
  EXPECT_EQ(missing_required.error().code, errc::kSerializeFailed);

  auto wrong_type = serializer.serialize("t", sampleEvent());
  ASSERT_FALSE(wrong_type.has_value());
  EXPECT_EQ(wrong_type.error().code, errc::kWrongMessageType);
  EXPECT_EQ(registry->callCounts().register_schema, 0);
}

}  // namespace
}  // namespace tracker::serde
