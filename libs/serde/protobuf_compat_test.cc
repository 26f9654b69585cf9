// Descriptor pairs from .proto text, named after the rows of spec §4's table where they match.

#include "serde/protobuf_compat.h"

#include "serde/testing/proto_pool.h"

#include <gtest/gtest.h>

namespace tracker::serde {
namespace {

using Type = DifferenceType;

// Differences from `original` to `update`, message "p.M" in each, as (type, path) pairs.
std::vector<Difference> diff(const std::string& original, const std::string& update) {
  testing::ProtoPool original_pool;
  testing::ProtoPool update_pool;
  original_pool.add(original, "m.proto");
  update_pool.add(update, "m.proto");
  return compareMessages(original_pool.message("p.M"), update_pool.message("p.M"));
}

std::string proto3(const std::string& body) { return "syntax = \"proto3\"; package p; " + body; }

std::string proto2(const std::string& body) { return "syntax = \"proto2\"; package p; " + body; }

Difference at(Type type, const std::string& message, int number) {
  return Difference{type, "#/" + message + "/" + std::to_string(number)};
}

TEST(ProtobufCompatTest, IdenticalMessagesHaveNoDifferences) {
  const auto text = proto3(
      "message M { string a = 1; map<string, int64> b = 2; N c = 3; }"
      "message N { repeated double d = 1; }");
  EXPECT_TRUE(diff(text, text).empty());
}

TEST(ProtobufCompatTest, AddedRemovedRenamedAreCompatible) {  // Rows 1-4.
  EXPECT_EQ(diff(proto3("message M { int32 a = 1; }"),
                 proto3("message M { int32 a = 1; string f2 = 2; }")),
            (std::vector<Difference>{at(Type::kFieldAdded, "p.M", 2)}));
  EXPECT_EQ(diff(proto3("message M { int32 a = 1; string f2 = 2; }"),
                 proto3("message M { int32 a = 1; }")),
            (std::vector<Difference>{at(Type::kFieldRemoved, "p.M", 2)}));
  EXPECT_EQ(diff(proto3("message M { int32 a = 1; }"), proto3("message M { int32 b = 1; }")),
            (std::vector<Difference>{at(Type::kFieldNameChanged, "p.M", 1)}));
  const auto moved =
      diff(proto3("message M { int32 a = 1; }"), proto3("message M { int32 a = 2; }"));
  EXPECT_EQ(moved, (std::vector<Difference>{at(Type::kFieldRemoved, "p.M", 1),
                                            at(Type::kFieldAdded, "p.M", 2)}));
  EXPECT_TRUE(isCompatible(moved));
}

TEST(ProtobufCompatTest, SameScalarGroupIsNoDifference) {  // Rows 5-7.
  EXPECT_TRUE(
      diff(proto3("message M { int32 a = 1; }"), proto3("message M { int64 a = 1; }")).empty());
  EXPECT_TRUE(
      diff(proto3("message M { uint64 a = 1; }"), proto3("message M { bool a = 1; }")).empty());
  EXPECT_TRUE(
      diff(proto3("message M { string a = 1; }"), proto3("message M { bytes a = 1; }")).empty());
  EXPECT_TRUE(diff(proto3("message M { fixed32 a = 1; }"), proto3("message M { sfixed32 a = 1; }"))
                  .empty());
  EXPECT_TRUE(
      diff(proto3("message M { int32 a = 1; }"), proto3("enum E { Z = 0; } message M { E a = 1; }"))
          .empty());
}

TEST(ProtobufCompatTest, CrossingScalarGroupsIsIncompatible) {  // Rows 8, 9.
  const auto renamed_and_retyped =
      diff(proto3("message M { int32 x = 2; }"), proto3("message M { string y = 2; }"));
  EXPECT_EQ(renamed_and_retyped,
            (std::vector<Difference>{at(Type::kFieldNameChanged, "p.M", 2),
                                     at(Type::kFieldScalarKindChanged, "p.M", 2)}));
  EXPECT_FALSE(isCompatible(renamed_and_retyped));
  EXPECT_EQ(describeIncompatible(renamed_and_retyped), "FIELD_SCALAR_KIND_CHANGED at #/p.M/2");

  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{"sint32", "int32"},
                                                        {"fixed32", "fixed64"},
                                                        {"float", "double"},
                                                        {"int64", "sfixed64"},
                                                        {"sint64", "sfixed64"},
                                                        {"bytes", "int32"}}) {
    EXPECT_EQ(diff(proto3("message M { " + from + " a = 1; }"),
                   proto3("message M { " + to + " a = 1; }")),
              (std::vector<Difference>{at(Type::kFieldScalarKindChanged, "p.M", 1)}))
        << from << " -> " << to;
  }
}

TEST(ProtobufCompatTest, KindChanges) {  // Row 10 and maps.
  EXPECT_EQ(
      diff(proto3("message M { int32 a = 1; }"), proto3("message N {} message M { N a = 1; }")),
      (std::vector<Difference>{at(Type::kFieldKindChanged, "p.M", 1)}));
  EXPECT_EQ(
      diff(proto3("message M { map<string, string> a = 1; }"),
           proto3(
               "message E { string key = 1; string value = 2; } message M { repeated E a = 1; }")),
      (std::vector<Difference>{at(Type::kFieldKindChanged, "p.M", 1)}));
  EXPECT_EQ(diff(proto3("message M { map<string, string> a = 1; }"),
                 proto3("message M { string a = 1; }")),
            (std::vector<Difference>{at(Type::kFieldKindChanged, "p.M", 1)}));
}

TEST(ProtobufCompatTest, MapKeyAndValueAreComparedLikeFields) {
  EXPECT_TRUE(diff(proto3("message M { map<string, int32> a = 1; }"),
                   proto3("message M { map<string, int64> a = 1; }"))
                  .empty());
  EXPECT_EQ(diff(proto3("message M { map<string, string> a = 1; }"),
                 proto3("message M { map<string, int32> a = 1; }")),
            (std::vector<Difference>{at(Type::kFieldScalarKindChanged, "p.M", 1)}));
  EXPECT_EQ(diff(proto3("message M { map<int32, string> a = 1; }"),
                 proto3("message M { map<sint32, string> a = 1; }")),
            (std::vector<Difference>{at(Type::kFieldScalarKindChanged, "p.M", 1)}));
}

TEST(ProtobufCompatTest, NamedTypes) {  // Rows 11, 29, 30.
  EXPECT_EQ(diff(proto3("message Foo { int32 a = 1; } message M { Foo f = 1; }"),
                 proto3("message Bar { int32 a = 1; } message M { Bar f = 1; }")),
            (std::vector<Difference>{at(Type::kFieldNamedTypeChanged, "p.M", 1)}));
  EXPECT_EQ(diff(proto3("message Foo { int32 a = 1; } message M { Foo f = 1; }"),
                 proto3("message Foo { string a = 1; } message M { Foo f = 1; }")),
            (std::vector<Difference>{at(Type::kFieldScalarKindChanged, "p.Foo", 1),
                                     at(Type::kFieldNamedTypeChanged, "p.M", 1)}));
  EXPECT_EQ(diff(proto3("message Foo { int32 a = 1; } message M { Foo f = 1; }"),
                 proto3("message Foo { int32 a = 1; int32 b = 2; } message M { .p.Foo f = 1; }")),
            (std::vector<Difference>{at(Type::kFieldAdded, "p.Foo", 2)}));
}

TEST(ProtobufCompatTest, LocalNamesIgnoreThePackage) {
  testing::ProtoPool original_pool;
  testing::ProtoPool update_pool;
  original_pool.add(
      "syntax = \"proto3\"; package a; message Foo { int32 x = 1; } message M { Foo f = 1; }",
      "m.proto");
  update_pool.add(
      "syntax = \"proto3\"; package b; message Foo { int32 x = 1; } message M { Foo f = 1; }",
      "m.proto");
  EXPECT_TRUE(compareMessages(original_pool.message("a.M"), update_pool.message("b.M")).empty());
}

TEST(ProtobufCompatTest, ExplicitLabels) {  // Rows 27, 28, and implicit proto3 labels.
  EXPECT_EQ(diff(proto3("message M { optional int32 a = 1; }"),
                 proto3("message M { repeated int32 a = 1; }")),
            (std::vector<Difference>{at(Type::kFieldNumericLabelChanged, "p.M", 1)}));
  const auto strings = diff(proto3("message M { optional string a = 1; }"),
                            proto3("message M { repeated string a = 1; }"));
  EXPECT_EQ(strings,
            (std::vector<Difference>{at(Type::kFieldStringOrBytesLabelChanged, "p.M", 1)}));
  EXPECT_TRUE(isCompatible(strings));
  EXPECT_TRUE(
      diff(proto3("message M { int32 a = 1; }"), proto3("message M { repeated int32 a = 1; }"))
          .empty());
  EXPECT_EQ(diff(proto2("message M { optional int32 a = 1; }"),
                 proto2("message M { repeated int32 a = 1; }")),
            (std::vector<Difference>{at(Type::kFieldNumericLabelChanged, "p.M", 1)}));
  // Oneof members carry no label.
  EXPECT_TRUE(diff(proto3("message M { oneof o { int32 a = 1; } }"),
                   proto3("message M { repeated int32 a = 1; }"))
                  .empty());
  // Message-typed fields: labels are not compared.
  EXPECT_TRUE(diff(proto3("message N {} message M { optional N a = 1; }"),
                   proto3("message N {} message M { repeated N a = 1; }"))
                  .empty());
}

TEST(ProtobufCompatTest, RequiredFields) {  // Rows 16, 17.
  EXPECT_EQ(diff(proto2("message M { optional int32 a = 1; }"),
                 proto2("message M { optional int32 a = 1; required int32 b = 2; }")),
            (std::vector<Difference>{at(Type::kRequiredFieldAdded, "p.M", 2)}));
  EXPECT_EQ(diff(proto2("message M { optional int32 a = 1; required int32 b = 2; }"),
                 proto2("message M { optional int32 a = 1; }")),
            (std::vector<Difference>{at(Type::kRequiredFieldRemoved, "p.M", 2)}));
}

TEST(ProtobufCompatTest, RecursiveTypesTerminate) {
  const auto tree = proto3("message M { int32 value = 1; repeated M children = 2; M parent = 3; }");
  EXPECT_TRUE(diff(tree, tree).empty());
  const auto changed =
      diff(tree, proto3("message M { string value = 1; repeated M children = 2; M parent = 3; }"));
  EXPECT_FALSE(isCompatible(changed));
  EXPECT_EQ(changed.front(), at(Type::kFieldScalarKindChanged, "p.M", 1));
}

TEST(ProtobufCompatTest, SharedTypeReportedOnceButFlaggedAtEveryUse) {
  const auto changed = diff(proto3("message N { int32 a = 1; } message M { N x = 1; N y = 2; }"),
                            proto3("message N { string a = 1; } message M { N x = 1; N y = 2; }"));
  EXPECT_EQ(changed, (std::vector<Difference>{at(Type::kFieldScalarKindChanged, "p.N", 1),
                                              at(Type::kFieldNamedTypeChanged, "p.M", 1),
                                              at(Type::kFieldNamedTypeChanged, "p.M", 2)}));
}

TEST(ProtobufCompatTest, CompareFieldsNamesTheFieldsAndLeavesSameNamedTypesToTheCaller) {
  testing::ProtoPool original_pool;
  testing::ProtoPool update_pool;
  original_pool.add(
      proto3("message N { int32 a = 1; } message O {}"
             "message M { map<string, int32> m = 1; N n = 2; O o = 3; int32 gone = 4; }"),
      "m.proto");
  update_pool.add(
      proto3("message N { string a = 1; } message P {}"
             "message M { map<string, string> m = 1; N n = 2; P o = 3; int32 added = 5; }"),
      "m.proto");
  std::vector<std::pair<std::string, std::string>> asked;
  std::vector<FieldDifference> found;
  compareFields(
      original_pool.message("p.M"), update_pool.message("p.M"),
      [&](const google::protobuf::Descriptor& original,
          const google::protobuf::Descriptor& update) {
        asked.emplace_back(original.full_name(), update.full_name());
        return true;  // The caller's verdict, not the rules': N's own change is not looked at.
      },
      [&](const FieldDifference& difference) { found.push_back(difference); });
  EXPECT_EQ(asked, (std::vector<std::pair<std::string, std::string>>{{"p.N", "p.N"}}));
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].type, Type::kFieldScalarKindChanged);  // The map's value, at the map's tag.
  EXPECT_EQ(found[0].number, 1);
  EXPECT_EQ(found[0].original->full_name(), "p.M.MEntry.value");
  EXPECT_EQ(found[0].update->type(), google::protobuf::FieldDescriptor::TYPE_STRING);
  EXPECT_EQ(found[1].type, Type::kFieldNamedTypeChanged);  // O → P: no need to ask.
  EXPECT_EQ(found[1].number, 3);
  EXPECT_EQ(found[2].type, Type::kFieldRemoved);
  EXPECT_EQ(found[2].original->name(), "gone");
  EXPECT_EQ(found[2].update, nullptr);
  EXPECT_EQ(found[3].type, Type::kFieldAdded);
  EXPECT_EQ(found[3].original, nullptr);
  EXPECT_EQ(found[3].update->name(), "added");
}

TEST(ProtobufCompatTest, DifferenceNames) {
  EXPECT_EQ(differenceName(Type::kFieldKindChanged), "FIELD_KIND_CHANGED");
  EXPECT_EQ(differenceName(Type::kFieldScalarKindChanged), "FIELD_SCALAR_KIND_CHANGED");
  EXPECT_EQ(differenceName(Type::kFieldNamedTypeChanged), "FIELD_NAMED_TYPE_CHANGED");
  EXPECT_EQ(differenceName(Type::kRequiredFieldAdded), "REQUIRED_FIELD_ADDED");
  EXPECT_TRUE(isCompatibleChange(Type::kFieldAdded));
  EXPECT_FALSE(isCompatibleChange(Type::kFieldNumericLabelChanged));
  // The whole-file types a registry's diff reports, from the same table.
  EXPECT_EQ(differenceName(Type::kMultipleFieldsMovedToOneof), "MULTIPLE_FIELDS_MOVED_TO_ONEOF");
  EXPECT_EQ(differenceName(Type::kOneofFieldMovedToTopLevel), "ONEOF_FIELD_MOVED_TO_TOP_LEVEL");
  EXPECT_TRUE(isCompatibleChange(Type::kMessageMoved));
  EXPECT_FALSE(isCompatibleChange(Type::kPackageChanged));
  EXPECT_FALSE(isCompatibleChange(Type::kOneofFieldRemoved));
}

}  // namespace
}  // namespace tracker::serde
