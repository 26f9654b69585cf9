#include "protobuf_schema.h"

#include "common/base64.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry_service {
namespace {

namespace pb = google::protobuf;

Result<ResolvedReference> noReferences(const Reference& reference) {
  return fail(Errc::kInvalidSchema, "no reference " + reference.name);
}

std::shared_ptr<const ProtobufSchema> parseOk(const std::string& text, bool normalize = false) {
  auto schema = ProtobufSchema::parse(text, {}, normalize, noReferences);
  EXPECT_TRUE(schema) << (schema ? "" : schema.error().message);
  return schema ? *schema : nullptr;
}

constexpr const char* kEvent = R"(
syntax = "proto3";
package demo.v1;
import "google/protobuf/timestamp.proto";
// A user did something.
message Event {
  string event_id = 1;
  google.protobuf.Timestamp at = 2;
  Kind kind = 3;
  Nested nested = 4;
  message Nested { int64 value = 1; }
}
enum Kind { KIND_UNSPECIFIED = 0; KIND_CLICK = 1; }
)";

TEST(ProtobufSchema, TextAndBase64OfTheSameFileAreCanonicallyEqual) {
  auto text = parseOk(kEvent);
  ASSERT_TRUE(text);
  // What protoc-generated code ships: the serialized descriptor, with json_name filled in.
  pb::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(text->descriptor()));
  file.set_name("demo/v1/event.proto");
  file.mutable_message_type(0)->mutable_field(0)->set_json_name("eventId");
  std::string bytes;
  file.SerializeToString(&bytes);
  auto binary = parseOk(common::base64Encode(bytes));
  ASSERT_TRUE(binary);
  EXPECT_EQ(text->canonical(), binary->canonical());
  EXPECT_EQ(text->descriptor(), binary->descriptor());
}

TEST(ProtobufSchema, CanonicalTextReparsesToItself) {
  auto first = parseOk(kEvent);
  ASSERT_TRUE(first);
  auto second = parseOk(first->canonical());
  ASSERT_TRUE(second);
  EXPECT_EQ(first->canonical(), second->canonical());
  EXPECT_LT(first->canonical().find("package demo.v1;"), first->canonical().find("import "));
}

TEST(ProtobufSchema, CommentsAndWhitespaceDoNotMatter) {
  auto a = parseOk("syntax = \"proto3\"; message A { string x = 1; int32 y = 2; }");
  auto b = parseOk(
      "syntax = \"proto3\";\n// comment\nmessage A {\n  string x = 1; // x\n"
      "  int32 y = 2;\n}\n");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->canonical(), b->canonical());
}

TEST(ProtobufSchema, SwappedFieldsDifferUnlessNormalized) {
  const std::string ab = "syntax = \"proto3\"; message A { string x = 1; int32 y = 2; }";
  const std::string ba = "syntax = \"proto3\"; message A { int32 y = 2; string x = 1; }";
  EXPECT_NE(parseOk(ab)->canonical(), parseOk(ba)->canonical());
  EXPECT_EQ(parseOk(ab, true)->canonical(), parseOk(ba, true)->canonical());
}

TEST(ProtobufSchema, NormalizeNeverReordersMessages) {
  auto schema =
      parseOk("syntax = \"proto3\"; message B { int32 b = 1; } message A { int32 a = 1; }", true);
  ASSERT_TRUE(schema);
  EXPECT_LT(schema->canonical().find("message B"), schema->canonical().find("message A"));
}

TEST(ProtobufSchema, NormalizeSortsImports) {
  const std::string one =
      "syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\";"
      "import \"google/protobuf/duration.proto\"; message A {"
      " google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; }";
  const std::string two =
      "syntax = \"proto3\"; import \"google/protobuf/duration.proto\";"
      "import \"google/protobuf/timestamp.proto\"; message A {"
      " google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; }";
  EXPECT_NE(parseOk(one)->canonical(), parseOk(two)->canonical());
  EXPECT_EQ(parseOk(one, true)->canonical(), parseOk(two, true)->canonical());
}

TEST(ProtobufSchema, QualifiedAndUnqualifiedTypeNamesAreEqual) {
  auto a = parseOk("syntax = \"proto3\"; package p; message Foo {} message A { Foo f = 1; }");
  auto b = parseOk("syntax = \"proto3\"; package p; message Foo {} message A { .p.Foo f = 1; }");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->canonical(), b->canonical());
}

TEST(ProtobufSchema, RejectsGarbageAndUnresolvedImports) {
  auto garbage = ProtobufSchema::parse("message {", {}, false, noReferences);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, Errc::kInvalidSchema);
  auto missing = ProtobufSchema::parse("syntax = \"proto3\"; import \"other.proto\"; message A {}",
                                       {}, false, noReferences);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kInvalidSchema);
}

TEST(ProtobufSchema, ResolvesReferencesFromTheStore) {
  auto money = parseOk("syntax = \"proto3\"; package common; message Money { int64 units = 1; }");
  ASSERT_TRUE(money);
  ReferenceResolver resolve = [&](const Reference& reference) -> Result<ResolvedReference> {
    if (reference.subject == "common/money.proto" && reference.version == 1) {
      return ResolvedReference{money->descriptor(), {}};
    }
    return fail(Errc::kInvalidSchema, "no reference");
  };
  auto order = ProtobufSchema::parse(
      "syntax = \"proto3\"; import \"common/money.proto\"; message Order { common.Money m = 1; }",
      {Reference{"common/money.proto", "common/money.proto", 1}}, false, resolve);
  ASSERT_TRUE(order) << order.error().message;
  auto rebuilt =
      ProtobufSchema::fromDescriptor((*order)->descriptor(), (*order)->references(), resolve);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ((*rebuilt)->canonical(), (*order)->canonical());
}

TEST(ProtobufSchema, WellKnownTypeFileCanBeRegisteredItself) {
  const pb::FileDescriptor* timestamp =
      pb::DescriptorPool::generated_pool()->FindFileByName("google/protobuf/timestamp.proto");
  ASSERT_NE(timestamp, nullptr);
  pb::FileDescriptorProto file;
  timestamp->CopyTo(&file);
  std::string bytes;
  file.SerializeToString(&bytes);
  EXPECT_TRUE(parseOk(common::base64Encode(bytes)));
}

}  // namespace
}  // namespace tracker::schema_registry_service
