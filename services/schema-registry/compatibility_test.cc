#include "compatibility.h"

#include <gtest/gtest.h>

#include <set>

namespace tracker::schema_registry_service {
namespace {

Result<ResolvedReference> noReferences(const Reference&) {
  return fail(Errc::kInvalidSchema, "no references here");
}

std::shared_ptr<const ProtobufSchema> parse(const std::string& body,
                                            const std::string& syntax = "proto3",
                                            const std::string& package = "pkg") {
  auto schema = ProtobufSchema::parse(
      "syntax = \"" + syntax + "\"; package " + package + ";\n" + body, {}, false, noReferences);
  EXPECT_TRUE(schema) << (schema ? "" : schema.error().message);
  return *schema;
}

std::set<std::string> diffNames(const ProtobufSchema& original, const ProtobufSchema& update) {
  std::set<std::string> names;
  for (const auto& d : diffSchemas(original.file(), update.file())) {
    names.insert(std::string(differenceName(d.type)));
  }
  return names;
}

bool accepts(CompatibilityLevel level, const ProtobufSchema& old, const ProtobufSchema& update) {
  return checkCompatibility(level, update, {PreviousVersion{1, &old}}).empty();
}

struct Row {
  int number;
  std::string old_body;
  std::string new_body;
  std::set<std::string> differences;
  bool backward_ok;
  bool forward_ok;
  std::string syntax = "proto3";
  std::string new_package = "pkg";
};

class TableRow : public testing::TestWithParam<Row> {};

TEST_P(TableRow, MatchesSpecTable) {
  const Row& row = GetParam();
  auto old_schema = parse(row.old_body, row.syntax);
  auto new_schema = parse(row.new_body, row.syntax, row.new_package);
  ASSERT_TRUE(old_schema && new_schema);
  EXPECT_EQ(diffNames(*old_schema, *new_schema), row.differences) << "row " << row.number;
  EXPECT_EQ(accepts(CompatibilityLevel::kBackward, *old_schema, *new_schema), row.backward_ok)
      << "row " << row.number;
  EXPECT_EQ(accepts(CompatibilityLevel::kForward, *old_schema, *new_schema), row.forward_ok)
      << "row " << row.number;
  EXPECT_EQ(accepts(CompatibilityLevel::kFull, *old_schema, *new_schema),
            row.backward_ok && row.forward_ok)
      << "row " << row.number;
  EXPECT_TRUE(accepts(CompatibilityLevel::kNone, *old_schema, *new_schema));
}

const Row kRows[] = {
    {1,
     "message M { string f1 = 1; }",
     "message M { string f1 = 1; string f2 = 2; }",
     {"FIELD_ADDED"},
     true,
     true},
    {2,
     "message M { string f1 = 1; string f2 = 2; }",
     "message M { string f1 = 1; }",
     {"FIELD_REMOVED"},
     true,
     true},
    {3,
     "message M { string f1 = 1; }",
     "message M { string renamed = 1; }",
     {"FIELD_NAME_CHANGED"},
     true,
     true},
    {4,
     "message M { string f1 = 1; }",
     "message M { string f1 = 2; }",
     {"FIELD_REMOVED", "FIELD_ADDED"},
     true,
     true},
    {5, "message M { int32 x = 1; }", "message M { int64 x = 1; }", {}, true, true},
    {6, "message M { string x = 1; }", "message M { bytes x = 1; }", {}, true, true},
    {7,
     "message M { int32 x = 1; }",
     "message M { E x = 1; } enum E { E0 = 0; }",
     {"ENUM_ADDED"},
     true,
     true},
    {8,
     "message M { int32 x = 2; }",
     "message M { string y = 2; }",
     {"FIELD_NAME_CHANGED", "FIELD_SCALAR_KIND_CHANGED"},
     false,
     false},
    {9,
     "message M { sint32 x = 1; }",
     "message M { int32 x = 1; }",
     {"FIELD_SCALAR_KIND_CHANGED"},
     false,
     false},
    {10,
     "message M { int32 x = 1; }",
     "message M { N x = 1; } message N {}",
     {"MESSAGE_ADDED", "FIELD_KIND_CHANGED"},
     false,
     false},
    {11,
     "message M { Foo x = 1; } message Foo {}",
     "message M { Bar x = 1; } message Bar {}",
     {"MESSAGE_REMOVED", "MESSAGE_ADDED", "FIELD_NAMED_TYPE_CHANGED"},
     false,
     false},
    {12,
     "message M { int32 x = 1; }",
     "message M { int32 x = 1; }",
     {"PACKAGE_CHANGED"},
     false,
     false,
     "proto3",
     "other"},
    {13,
     "message M { int32 x = 1; }",
     "message M { int32 x = 1; } message N {}",
     {"MESSAGE_ADDED"},
     true,
     false},
    {14,
     "message M { int32 x = 1; } message N {}",
     "message M { int32 x = 1; }",
     {"MESSAGE_REMOVED"},
     false,
     true},
    {15,
     "message M { int32 x = 1; }",
     "message N {} message M { int32 x = 1; }",
     {"MESSAGE_ADDED", "MESSAGE_MOVED"},
     true,
     false},
    {16,
     "message M { optional int32 x = 1; }",
     "message M { optional int32 x = 1; required int32 y = 2; }",
     {"REQUIRED_FIELD_ADDED"},
     false,
     false,
     "proto2"},
    {17,
     "message M { optional int32 x = 1; required int32 y = 2; }",
     "message M { optional int32 x = 1; }",
     {"REQUIRED_FIELD_REMOVED"},
     false,
     false,
     "proto2"},
    {18,
     "enum E { A = 0; B = 1; } message M { E e = 1; }",
     "enum E { A = 0; C = 1; } message M { E e = 1; }",
     {"ENUM_CONST_CHANGED"},
     true,
     true},
    {19,
     "enum E { A = 0; } message M { E e = 1; }",
     "enum E { A = 0; B = 1; } message M { E e = 1; }",
     {"ENUM_CONST_ADDED"},
     true,
     true},
    {20,
     "message M { int32 a = 1; int32 b = 2; }",
     "message M { oneof o { int32 a = 1; } int32 b = 2; }",
     {"ONEOF_ADDED"},
     true,
     true},
    {21,
     "message M { int32 a = 1; }",
     "message M { oneof o { int32 a = 1; int32 n = 2; } }",
     {"ONEOF_ADDED", "ONEOF_FIELD_ADDED", "FIELD_ADDED"},
     true,
     false},
    {22,
     "message M { int32 a = 1; int32 b = 2; }",
     "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     {"ONEOF_ADDED", "MULTIPLE_FIELDS_MOVED_TO_ONEOF"},
     false,
     true},
    {23,
     "message M { int32 a = 1; oneof o { int32 b = 2; } }",
     "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     {"FIELD_MOVED_TO_EXISTING_ONEOF"},
     false,
     true},
    {24,
     "message M { oneof o { int32 a = 1; } }",
     "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     {"ONEOF_FIELD_ADDED", "FIELD_ADDED"},
     true,
     false},
    {25,
     "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     "message M { oneof o { int32 a = 1; } }",
     {"ONEOF_FIELD_REMOVED", "FIELD_REMOVED"},
     false,
     true},
    {26,
     "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     "message M { oneof p { int32 a = 1; int32 b = 2; } }",
     {"ONEOF_REMOVED", "ONEOF_ADDED"},
     true,
     true},
    {27,
     "message M { optional string s = 1; }",
     "message M { repeated string s = 1; }",
     {"FIELD_STRING_OR_BYTES_LABEL_CHANGED"},
     true,
     true},
    {28,
     "message M { optional int32 s = 1; }",
     "message M { repeated int32 s = 1; }",
     {"FIELD_NUMERIC_LABEL_CHANGED"},
     false,
     false},
    {30,
     "message Foo {} message M { Foo f = 1; }",
     "message Foo {} message M { .pkg.Foo f = 1; }",
     {},
     true,
     true},
    // Enum constant removed: compatible both ways.
    {119,
     "enum E { A = 0; B = 1; } message M { E e = 1; }",
     "enum E { A = 0; } message M { E e = 1; }",
     {"ENUM_CONST_REMOVED"},
     true,
     true},
    // proto3 implicit field → repeated: no label on one side, not flagged.
    {128, "message M { int32 s = 1; }", "message M { repeated int32 s = 1; }", {}, true, true},
    // Labels are compared only within one scalar group (CSR FieldSchemaDiff.compareScalarTypes).
    {228,
     "message M { optional int32 s = 1; }",
     "message M { repeated string s = 1; }",
     {"FIELD_SCALAR_KIND_CHANGED"},
     false,
     false},
    // proto2 oneof members carry no label (as in Wire, which CSR's diff runs on).
    {328,
     "message M { oneof o { int32 a = 1; } }",
     "message M { repeated int32 a = 1; }",
     {"ONEOF_REMOVED"},
     true,
     true,
     "proto2"},
    // Nested message changed incompatibly.
    {200,
     "message M { message N { int32 x = 1; } N n = 1; }",
     "message M { message N { string x = 1; } N n = 1; }",
     {"FIELD_SCALAR_KIND_CHANGED"},
     false,
     false},
};

INSTANTIATE_TEST_SUITE_P(Spec, TableRow, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& info) {
                           return "row" + std::to_string(info.param.number);
                         });

TEST(Compatibility, ImportedMessageChangedIncompatibly) {  // row 29
  auto money_v1 = parse("message Money { int64 units = 1; }", "proto3", "common");
  auto money_v2 = parse("message Money { string units = 1; }", "proto3", "common");
  auto resolver = [&](std::shared_ptr<const ProtobufSchema> money) {
    return [money](const Reference&) -> Result<ResolvedReference> {
      return ResolvedReference{money->descriptor(), {}};
    };
  };
  const std::string order =
      "syntax = \"proto3\"; package shop; import \"common/money.proto\";"
      "message Order { common.Money price = 1; }";
  auto v1 =
      ProtobufSchema::parse(order, {{"common/money.proto", "money", 1}}, false, resolver(money_v1));
  auto v2 =
      ProtobufSchema::parse(order, {{"common/money.proto", "money", 2}}, false, resolver(money_v2));
  ASSERT_TRUE(v1 && v2);
  EXPECT_EQ(diffNames(**v1, **v2),
            (std::set<std::string>{"FIELD_SCALAR_KIND_CHANGED", "FIELD_NAMED_TYPE_CHANGED"}));
  EXPECT_FALSE(accepts(CompatibilityLevel::kBackward, **v1, **v2));
}

TEST(Compatibility, TransitiveLevelsLookAtEveryVersion) {
  auto v1 = parse("message M { int32 a = 1; int32 b = 2; }");
  auto v2 = parse("message M { int32 a = 1; }");
  auto v3 = parse("message M { int32 a = 1; string b = 2; }");
  const std::vector<PreviousVersion> history{{1, v1.get()}, {2, v2.get()}};
  EXPECT_TRUE(accepts(CompatibilityLevel::kBackward, *v1, *v2));
  EXPECT_TRUE(checkCompatibility(CompatibilityLevel::kBackward, *v3, history).empty());
  const auto messages = checkCompatibility(CompatibilityLevel::kBackwardTransitive, *v3, history);
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(messages.front().find("FIELD_SCALAR_KIND_CHANGED"), std::string::npos);
  EXPECT_FALSE(checkCompatibility(CompatibilityLevel::kFullTransitive, *v3, history).empty());
  EXPECT_TRUE(checkCompatibility(CompatibilityLevel::kForward, *v3, history).empty());
  EXPECT_FALSE(checkCompatibility(CompatibilityLevel::kForwardTransitive, *v3, history).empty());
}

TEST(Compatibility, LevelNamesAreCaseInsensitive) {
  EXPECT_EQ(parseCompatibilityLevel("full_transitive"), CompatibilityLevel::kFullTransitive);
  EXPECT_EQ(parseCompatibilityLevel("Backward"), CompatibilityLevel::kBackward);
  EXPECT_EQ(parseCompatibilityLevel("sideways"), std::nullopt);
}

}  // namespace
}  // namespace tracker::schema_registry_service
