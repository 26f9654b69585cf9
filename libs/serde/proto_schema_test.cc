#include "serde/proto_schema.h"

#include "common/base64.h"
#include "events/user_behavior_event.pb.h"
#include "serde/errors.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

namespace tracker::serde {
namespace {

namespace protobuf = google::protobuf;

TEST(ProtoSchemaTest, DescriptorProtoOfACompiledType) {
  const auto proto = fileDescriptorProtoOf(*events::UserBehaviorEvent::descriptor());
  EXPECT_EQ(proto.name(), "events/user_behavior_event.proto");
  EXPECT_EQ(proto.package(), "events");
  ASSERT_EQ(proto.message_type_size(), 1);
  EXPECT_EQ(proto.message_type(0).name(), "UserBehaviorEvent");
}

TEST(ProtoSchemaTest, RenderedTextParsesBackToTheSameFile) {
  const protobuf::FileDescriptor& file = *events::UserBehaviorEvent::descriptor()->file();
  const std::string text = protoTextOf(file);
  EXPECT_NE(text.find("syntax = \"proto3\";"), std::string::npos) << text;
  EXPECT_NE(text.find("map<string, string> extra_data = 8;"), std::string::npos) << text;

  auto parsed = parseSchema(text, file.name());
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  protobuf::DescriptorPool pool;
  const protobuf::FileDescriptor* rebuilt = pool.BuildFile(*parsed);
  ASSERT_NE(rebuilt, nullptr);
  // Same declarations; only source-level details (json_name) may differ.
  protobuf::FileDescriptorProto original_proto;
  protobuf::FileDescriptorProto rebuilt_proto;
  file.CopyTo(&original_proto);
  rebuilt->CopyTo(&rebuilt_proto);
  EXPECT_TRUE(protobuf::util::MessageDifferencer::Equals(original_proto, rebuilt_proto))
      << original_proto.DebugString() << "\nvs\n"
      << rebuilt_proto.DebugString();
}

TEST(ProtoSchemaTest, ParsesTheSerializedForm) {
  const protobuf::FileDescriptor& file = *events::UserBehaviorEvent::descriptor()->file();
  const std::string serialized = serializedSchemaOf(file);
  auto parsed = parseSchema(serialized, "renamed.proto");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_EQ(parsed->name(), "renamed.proto");
  EXPECT_EQ(parsed->message_type(0).name(), "UserBehaviorEvent");
  EXPECT_EQ(parsed->message_type(0).field_size(), 8);
}

TEST(ProtoSchemaTest, ParsesLineWrappedSerializedForm) {
  // base64(1) wraps every 76 characters; people paste that into registration requests.
  const std::string serialized =
      serializedSchemaOf(*events::UserBehaviorEvent::descriptor()->file());
  std::string wrapped;
  for (std::size_t i = 0; i < serialized.size(); i += 76) {
    wrapped += serialized.substr(i, 76) + "\r\n";
  }
  auto parsed = parseSchema(wrapped, "wrapped.proto");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  EXPECT_EQ(parsed->message_type(0).name(), "UserBehaviorEvent");
}

TEST(ProtoSchemaTest, TextOfOnlyCommentsIsAnEmptyFileNotBase64) {
  for (const char* schema : {"//A+comment/that=looks+like+base64", "// a comment\n// another"}) {
    auto parsed = parseSchema(schema, "empty.proto");
    ASSERT_TRUE(parsed.has_value()) << schema << ": " << parsed.error().toString();
    EXPECT_EQ(parsed->message_type_size(), 0) << schema;
  }
}

TEST(ProtoSchemaTest, TextWithImportsAndNoSyntaxLine) {
  auto parsed = parseSchema(
      "syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\";\n"
      "message A { google.protobuf.Timestamp at = 1; }",
      "a.proto");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().toString();
  ASSERT_EQ(parsed->dependency_size(), 1);
  EXPECT_EQ(parsed->dependency(0), "google/protobuf/timestamp.proto");
}

TEST(ProtoSchemaTest, GarbageIsAnInvalidSchema) {
  for (const char* schema : {"message {", "syntax = \"proto3\"; message A { int32 = 1; }",
                             "bm90IGEgZGVzY3JpcHRvcg==!", "AAAA////"}) {
    auto parsed = parseSchema(schema, "x.proto");
    ASSERT_FALSE(parsed.has_value()) << schema;
    EXPECT_EQ(parsed.error().code, errc::kInvalidSchema) << schema;
  }
}

TEST(ProtoSchemaTest, BuiltinImports) {
  EXPECT_TRUE(isBuiltinImport("google/protobuf/timestamp.proto"));
  EXPECT_TRUE(isBuiltinImport("google/type/money.proto"));
  EXPECT_TRUE(isBuiltinImport("confluent/meta.proto"));
  EXPECT_FALSE(isBuiltinImport("events/user_behavior_key.proto"));
  EXPECT_FALSE(isBuiltinImport("google/api/annotations.proto"));
}

}  // namespace
}  // namespace tracker::serde
