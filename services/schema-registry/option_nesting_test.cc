#include "option_nesting.h"

#include "common/base64.h"
#include "protobuf_schema.h"

#include <gtest/gtest.h>

#include <string>

namespace tracker::schema_registry_service {
namespace {

Result<ResolvedReference> noReferences(const Reference& reference) {
  return fail(Errc::kInvalidSchema, "no reference " + reference.name);
}

// A custom message option whose value nests `levels` deep: { r { r { … } } }.
std::string schemaWithOptionNesting(int levels) {
  std::string value = "{";
  for (int i = 1; i < levels; ++i) value += " r {";
  for (int i = 1; i < levels; ++i) value += " }";
  value += " }";
  return R"(syntax = "proto3";
import "google/protobuf/descriptor.proto";
message R { R r = 1; }
extend google.protobuf.MessageOptions { R o = 50001; }
message M { option (o) = )" +
         value + "; string id = 1; }\n";
}

TEST(OptionNesting, SixtyFourLevelsAreAcceptedAndInterpreted) {
  auto schema = ProtobufSchema::parse(schemaWithOptionNesting(64), {}, false, noReferences);
  ASSERT_TRUE(schema) << schema.error().message;
  EXPECT_NE((*schema)->canonical().find("option (.o) = {"), std::string::npos)
      << (*schema)->canonical();
}

TEST(OptionNesting, SixtyFiveLevelsAreRefusedAsAnInvalidSchema) {
  auto schema = ProtobufSchema::parse(schemaWithOptionNesting(65), {}, false, noReferences);
  ASSERT_FALSE(schema);
  EXPECT_EQ(schema.error().code, Errc::kInvalidSchema);
  EXPECT_NE(schema.error().message.find("nested 65 levels"), std::string::npos)
      << schema.error().message;
}

// The review's crash (H3): ~10k levels overflowed the stack inside libprotobuf's option
// interpreter. Refused before anything is built, as text and as a base64 descriptor.
TEST(OptionNesting, TenThousandLevelsAreRefusedWithoutRecursing) {
  const std::string text = schemaWithOptionNesting(10'000);
  auto from_text = ProtobufSchema::parse(text, {}, false, noReferences);
  ASSERT_FALSE(from_text);
  EXPECT_EQ(from_text.error().code, Errc::kInvalidSchema);

  google::protobuf::FileDescriptorProto file;
  file.set_name("bomb.proto");
  file.set_syntax("proto3");
  auto* message = file.add_message_type();
  message->set_name("M");
  auto* option = message->mutable_options()->add_uninterpreted_option();
  option->add_name()->set_name_part("o");
  option->mutable_name(0)->set_is_extension(true);
  option->set_aggregate_value(std::string(10'000, '{') + std::string(10'000, '}'));
  std::string bytes;
  file.SerializeToString(&bytes);
  auto from_descriptor =
      ProtobufSchema::parse(common::base64Encode(bytes), {}, false, noReferences);
  ASSERT_FALSE(from_descriptor);
  EXPECT_NE(from_descriptor.error().message.find("nested 10001 levels"), std::string::npos)
      << from_descriptor.error().message;
}

}  // namespace
}  // namespace tracker::schema_registry_service
