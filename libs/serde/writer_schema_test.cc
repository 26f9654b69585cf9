#include "serde/writer_schema.h"

#include "events/user_behavior_event.pb.h"
#include "schema_registry/errors.h"
#include "serde/errors.h"
#include "serde/proto_schema.h"

#include <gtest/gtest.h>

#include <map>

namespace tracker::serde {
namespace {

using schema_registry::Reference;
using schema_registry::Schema;

const ReferenceResolver kNoReferences = [](const Reference& reference) -> common::Result<Schema> {
  return common::makeError("test.unexpected", "unexpected reference " + reference.name);
};

Schema protobufSchema(std::string text, std::vector<Reference> references = {}) {
  return Schema{std::string(schema_registry::kProtobufType), std::move(text),
                std::move(references)};
}

TEST(WriterSchemaTest, BuildsTextWithWellKnownImportsFromTheCompiledPool) {
  auto writer =
      WriterSchema::build(protobufSchema("syntax = \"proto3\"; package p;\n"
                                         "import \"google/protobuf/timestamp.proto\";\n"
                                         "message A { google.protobuf.Timestamp at = 1; }"),
                          kNoReferences);
  ASSERT_TRUE(writer.has_value()) << writer.error().toString();
  const auto* a = (*writer)->file().FindMessageTypeByName("A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->field(0)->message_type()->full_name(), "google.protobuf.Timestamp");
}

TEST(WriterSchemaTest, SameNamesAsCompiledTypesDoNotClash) {
  // The writer declares events.UserBehaviorEvent, which this binary also compiles in.
  auto writer = WriterSchema::build(
      protobufSchema(serializedSchemaOf(*events::UserBehaviorEvent::descriptor()->file())),
      kNoReferences);
  ASSERT_TRUE(writer.has_value()) << writer.error().toString();
  const auto* event = (*writer)->file().FindMessageTypeByName("UserBehaviorEvent");
  ASSERT_NE(event, nullptr);
  EXPECT_NE(event, events::UserBehaviorEvent::descriptor());
  EXPECT_EQ(event->full_name(), "events.UserBehaviorEvent");
}

TEST(WriterSchemaTest, ResolvesReferencesRecursively) {
  const std::map<std::string, Schema> registry = {
      {"common/money.proto-1",
       protobufSchema("syntax = \"proto3\"; package common;\n"
                      "import \"common/currency.proto\";\n"
                      "message Money { int64 units = 1; Currency currency = 2; }",
                      {{"common/currency.proto", "common/currency.proto", 3}})},
      {"common/currency.proto-3",
       protobufSchema("syntax = \"proto3\"; package common; enum Currency { EUR = 0; }")},
  };
  std::vector<std::string> fetched;
  const ReferenceResolver resolve = [&](const Reference& reference) -> common::Result<Schema> {
    fetched.push_back(reference.subject);
    return registry.at(reference.subject + "-" + std::to_string(reference.version));
  };
  auto writer = WriterSchema::build(
      protobufSchema("syntax = \"proto3\"; package shop; import \"common/money.proto\";\n"
                     "message Order { common.Money total = 1; }",
                     {{"common/money.proto", "common/money.proto", 1}}),
      resolve);
  ASSERT_TRUE(writer.has_value()) << writer.error().toString();
  EXPECT_EQ(fetched, (std::vector<std::string>{"common/money.proto", "common/currency.proto"}));
  const auto* order = (*writer)->file().FindMessageTypeByName("Order");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->field(0)->message_type()->field(1)->enum_type()->full_name(), "common.Currency");
}

TEST(WriterSchemaTest, FailuresOfItsOwn) {
  const struct {
    const char* name;
    Schema schema;
  } cases[] = {
      {"syntax error", protobufSchema("message A {")},
      {"unresolved import",
       protobufSchema("syntax = \"proto3\"; import \"nowhere/x.proto\"; message A {}")},
      {"unknown type", protobufSchema("syntax = \"proto3\"; message A { Missing m = 1; }")},
      {"not protobuf", Schema{"AVRO", "{\"type\":\"string\"}", {}}},
  };
  for (const auto& test_case : cases) {
    auto writer = WriterSchema::build(test_case.schema, kNoReferences);
    ASSERT_FALSE(writer.has_value()) << test_case.name;
    EXPECT_EQ(writer.error().code, errc::kInvalidSchema) << test_case.name;
  }
}

TEST(WriterSchemaTest, MissingSchemaTypeDoesNotHideAProtobufSchema) {
  // A registry that omits schemaType decodes as AVRO (json_codec.h).
  auto writer = WriterSchema::build(
      Schema{"AVRO", "syntax = \"proto3\"; message A { int32 x = 1; }", {}}, kNoReferences);
  ASSERT_TRUE(writer.has_value()) << writer.error().toString();
  EXPECT_NE((*writer)->file().FindMessageTypeByName("A"), nullptr);
}

TEST(WriterSchemaTest, ImportCycleIsDetected) {
  const ReferenceResolver resolve = [](const Reference&) -> common::Result<Schema> {
    return protobufSchema("syntax = \"proto3\"; import \"a.proto\"; message B {}",
                          {{"a.proto", "a.proto", 1}});
  };
  auto writer =
      WriterSchema::build(protobufSchema("syntax = \"proto3\"; import \"a.proto\"; message A {}",
                                         {{"a.proto", "a.proto", 1}}),
                          resolve);
  ASSERT_FALSE(writer.has_value());
  EXPECT_EQ(writer.error().code, errc::kInvalidSchema);
}

TEST(WriterSchemaTest, ResolverFailurePassesThrough) {
  const ReferenceResolver resolve = [](const Reference&) -> common::Result<Schema> {
    return common::makeError(std::string(schema_registry::errc::kTransport), "down");
  };
  auto writer =
      WriterSchema::build(protobufSchema("syntax = \"proto3\"; import \"a.proto\"; message A {}",
                                         {{"a.proto", "a.proto", 1}}),
                          resolve);
  ASSERT_FALSE(writer.has_value());
  EXPECT_EQ(writer.error().code, schema_registry::errc::kTransport);
}

}  // namespace
}  // namespace tracker::serde
