// The registry's rules for schemas and versions, over the in-memory store.

#include "registry.h"

#include "settings.h"
#include "testing/memory_schema_store.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry_service {
namespace {

SchemaSubmission proto(const std::string& body, std::vector<Reference> references = {},
                       const std::string& package = "pkg") {
  return SchemaSubmission{"syntax = \"proto3\";\npackage " + package + ";\n" + body, "PROTOBUF",
                          std::move(references)};
}

const SchemaSubmission kV1 = proto("message M { int32 a = 1; }");
const SchemaSubmission kV2 = proto("message M { int32 a = 1; int32 b = 2; }");
// Field 1 changes its scalar kind: incompatible at every level but NONE.
const SchemaSubmission kBreaking = proto("message M { sint32 a = 1; }");

class RegistryTest : public ::testing::Test {
 protected:
  SubjectSchema registered(const std::string& subject, const SchemaSubmission& submission) {
    auto entry = registry_.registerSchema(subject, submission, std::nullopt);
    EXPECT_TRUE(entry) << (entry ? "" : entry.error().message);
    return entry ? *entry : SubjectSchema{};
  }

  static Errc codeOf(const auto& result) {
    EXPECT_FALSE(result);
    return result ? Errc::kBadRequest : result.error().code;
  }

  testing::MemorySchemaStore store_;
  Registry registry_{store_, 100};
  Settings settings_{store_};
};

TEST_F(RegistryTest, RegisterThenLookupAndReadBack) {
  const SubjectSchema first = registered("orders-value", kV1);
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(first.schema->id, 1);
  EXPECT_NE(first.schema->canonical.find("message M"), std::string::npos);

  auto found = registry_.lookup("orders-value", kV1, std::nullopt, false);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->schema->id, 1);
  EXPECT_EQ(codeOf(registry_.lookup("orders-value", kV2, std::nullopt, false)),
            Errc::kSchemaNotFound);
  EXPECT_EQ(codeOf(registry_.lookup("nobody", kV1, std::nullopt, false)), Errc::kSubjectNotFound);

  auto by_id = registry_.schemaById(1);
  ASSERT_TRUE(by_id);
  EXPECT_EQ((*by_id)->canonical, first.schema->canonical);
  EXPECT_EQ(codeOf(registry_.schemaById(2)), Errc::kSchemaNotFound);
}

TEST_F(RegistryTest, ReRegisteringIsIdempotentAndSameSchemaElsewhereReusesTheId) {
  registered("a", kV1);
  // Comments and whitespace do not change the canonical form, so not the identity either.
  const SubjectSchema again = registered("a", proto("// note\nmessage   M {int32 a=1;}"));
  EXPECT_EQ(again.version, 1);
  EXPECT_EQ(registry_.versions("a", false, false), (std::vector<int>{1}));
  const SubjectSchema elsewhere = registered("b", kV1);
  EXPECT_EQ(elsewhere.schema->id, 1);
  EXPECT_EQ(elsewhere.version, 1);
  EXPECT_EQ(registered("a", kV2).schema->id, 2);

  auto users = registry_.versionsOfSchema(1, false);
  ASSERT_TRUE(users);
  EXPECT_EQ(*users, (std::vector<VersionRecord>{{"a", 1, 1, false}, {"b", 1, 1, false}}));
  EXPECT_EQ(registry_.subjects(false, ""), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(registry_.subjects(false, "b"), (std::vector<std::string>{"b"}));
}

TEST_F(RegistryTest, VersionsLatestAndInvalidVersionTexts) {
  registered("s", kV1);
  registered("s", kV2);
  for (const char* latest : {"latest", "-1", "2"}) {
    auto entry = registry_.version("s", latest, false);
    ASSERT_TRUE(entry) << latest;
    EXPECT_EQ(entry->version, 2);
  }
  EXPECT_EQ(registry_.version("s", "1", false)->version, 1);
  EXPECT_EQ(codeOf(registry_.version("s", "3", false)), Errc::kVersionNotFound);
  for (const char* bad : {"0", "x", "2147483648", ""}) {
    EXPECT_EQ(codeOf(registry_.version("s", bad, false)), Errc::kInvalidVersion) << bad;
  }
  EXPECT_EQ(codeOf(registry_.version("t", "1", false)), Errc::kSubjectNotFound);
  EXPECT_EQ(codeOf(registry_.versions("t", false, false)), Errc::kSubjectNotFound);
}

TEST_F(RegistryTest, SoftAndPermanentDeleteOfVersions) {
  registered("s", kV1);
  registered("s", kV2);
  EXPECT_EQ(codeOf(registry_.deleteVersion("s", "2", true)), Errc::kVersionNotSoftDeleted);
  EXPECT_EQ(registry_.deleteVersion("s", "2", false), 2);
  EXPECT_EQ(codeOf(registry_.deleteVersion("s", "2", false)), Errc::kVersionSoftDeleted);
  EXPECT_EQ(registry_.versions("s", false, false), (std::vector<int>{1}));
  EXPECT_EQ(registry_.versions("s", true, false), (std::vector<int>{1, 2}));
  EXPECT_EQ(registry_.versions("s", false, true), (std::vector<int>{2}));
  EXPECT_EQ(codeOf(registry_.version("s", "2", false)), Errc::kVersionNotFound);
  EXPECT_EQ(registry_.version("s", "2", true)->version, 2);
  EXPECT_EQ(registry_.deleteVersion("s", "latest", false), 1);  // latest live
  EXPECT_EQ(codeOf(registry_.version("s", "latest", false)), Errc::kSubjectNotFound);
  EXPECT_EQ(registry_.deleteVersion("s", "2", true), 2);
  EXPECT_EQ(registry_.versions("s", true, false), (std::vector<int>{1}));
}

TEST_F(RegistryTest, SoftAndPermanentDeleteOfSubjects) {
  const SubjectSchema v1 = registered("s", kV1);
  registered("s", kV2);
  EXPECT_EQ(codeOf(registry_.deleteSubject("s", true)), Errc::kSubjectNotSoftDeleted);
  EXPECT_EQ(registry_.deleteSubject("s", false), (std::vector<int>{1, 2}));
  EXPECT_EQ(codeOf(registry_.deleteSubject("s", false)), Errc::kSubjectSoftDeleted);
  EXPECT_EQ(registry_.subjects(false, ""), (std::vector<std::string>{}));
  EXPECT_EQ(registry_.subjects(true, ""), (std::vector<std::string>{"s"}));
  // Soft-deleted versions keep their numbers: the next one is max + 1, with the same id.
  const SubjectSchema again = registered("s", kV1);
  EXPECT_EQ(again.version, 3);
  EXPECT_EQ(again.schema->id, v1.schema->id);

  ASSERT_TRUE(registry_.deleteSubject("s", false));
  ASSERT_TRUE(settings_.setConfig("s", "FULL", std::nullopt));
  EXPECT_EQ(registry_.deleteSubject("s", true), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(codeOf(registry_.versions("s", true, false)), Errc::kSubjectNotFound);
  EXPECT_EQ(codeOf(registry_.deleteSubject("s", false)), Errc::kSubjectNotFound);
  // The subject's own setting went with it; schema rows never go.
  EXPECT_EQ(codeOf(settings_.config("s", false)), Errc::kSubjectConfigNotFound);
  EXPECT_TRUE(registry_.schemaById(v1.schema->id));
}

TEST_F(RegistryTest, TheSubjectsLevelDecidesWhatMayFollow) {
  registered("s", kV1);
  EXPECT_EQ(codeOf(registry_.registerSchema("s", kBreaking, std::nullopt)),
            Errc::kIncompatibleSchema);
  auto check = registry_.testCompatibility("s", "latest", kBreaking, std::nullopt);
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->empty());
  EXPECT_TRUE(registry_.testCompatibility("s", std::nullopt, kV2, std::nullopt)->empty());

  ASSERT_TRUE(settings_.setConfig("s", "none", std::nullopt));
  EXPECT_EQ(registered("s", kBreaking).version, 2);
}

TEST_F(RegistryTest, TransitiveLevelsCheckEveryLiveVersion) {
  const auto v1 = proto("message M { int32 a = 1; int32 b = 2; }");
  const auto v2 = proto("message M { int32 a = 1; }");
  const auto v3 = proto("message M { int32 a = 1; string b = 2; }");
  for (const auto& [level, accepted] :
       {std::pair{"BACKWARD", true}, std::pair{"BACKWARD_TRANSITIVE", false}}) {
    const std::string subject = std::string("t-") + level;
    ASSERT_TRUE(settings_.setConfig(subject, level, std::nullopt));
    registered(subject, v1);
    registered(subject, v2);
    EXPECT_EQ(bool(registry_.registerSchema(subject, v3, std::nullopt)), accepted) << level;
  }
}

TEST_F(RegistryTest, CompatibilityAgainstOneVersionOrNothing) {
  EXPECT_TRUE(registry_.testCompatibility("new", "latest", kV1, std::nullopt)->empty());
  EXPECT_EQ(codeOf(registry_.testCompatibility("new", "1", kV1, std::nullopt)),
            Errc::kSubjectNotFound);
  registered("s", kV1);
  EXPECT_EQ(codeOf(registry_.testCompatibility("s", "7", kV2, std::nullopt)),
            Errc::kVersionNotFound);
  EXPECT_EQ(codeOf(registry_.testCompatibility("s", "x", kV2, std::nullopt)),
            Errc::kInvalidVersion);
}

TEST_F(RegistryTest, NormalizeFromTheRequestOrTheConfig) {
  const auto ab = proto("message M { int32 a = 1; int32 b = 2; }");
  const auto ba = proto("message M { int32 b = 2; int32 a = 1; }");
  const int id = registered("s", ab).schema->id;
  ASSERT_TRUE(settings_.setConfig("s", "NONE", std::nullopt));
  EXPECT_NE(registered("s", ba).schema->id, id);  // field order is part of the schema
  ASSERT_TRUE(settings_.setConfig("n", "NONE", true));
  const int normalized = registered("n", ab).schema->id;
  EXPECT_EQ(registered("n", ba).schema->id, normalized);
  EXPECT_EQ(registry_.registerSchema("m", ba, true)->schema->id, normalized);
}

TEST_F(RegistryTest, ReferencesResolveAndProtectWhatTheyPointAt) {
  const auto money = proto("message Money { int64 units = 1; }", {}, "common");
  registered("money", money);
  const auto order = [](int version) {
    return proto("import \"common/money.proto\";\nmessage Order { common.Money price = 1; }",
                 {Reference{"common/money.proto", "money", version}}, "shop");
  };
  const SubjectSchema entry = registered("orders", order(-1));
  EXPECT_EQ(entry.schema->references,
            (std::vector<Reference>{{"common/money.proto", "money", 1}}));  // -1: the latest
  EXPECT_EQ(codeOf(registry_.deleteVersion("money", "1", false)), Errc::kReferenceExists);
  EXPECT_EQ(codeOf(registry_.deleteSubject("money", false)), Errc::kReferenceExists);
  EXPECT_EQ(codeOf(registry_.registerSchema("other", order(9), std::nullopt)),
            Errc::kInvalidSchema);
  // Once nothing uses the referring schema any more, the referenced version may go.
  ASSERT_TRUE(registry_.deleteSubject("orders", false));
  ASSERT_TRUE(registry_.deleteSubject("orders", true));
  EXPECT_EQ(registry_.deleteVersion("money", "1", false), 1);
}

TEST_F(RegistryTest, SubmissionsThatAreNotProtobufOrHaveNoSubject) {
  EXPECT_EQ(codeOf(registry_.registerSchema("s", {"{\"type\":\"string\"}", "", {}}, {})),
            Errc::kInvalidSchema);
  EXPECT_EQ(codeOf(registry_.registerSchema("s", {"x", "AVRO", {}}, {})), Errc::kInvalidSchema);
  EXPECT_EQ(codeOf(registry_.registerSchema("s", {"", "PROTOBUF", {}}, {})), Errc::kInvalidSchema);
  EXPECT_EQ(codeOf(registry_.registerSchema("s", proto("message {"), {})), Errc::kInvalidSchema);
  EXPECT_TRUE(registry_.registerSchema("s", {kV1.schema, "protobuf", {}}, {}));  // any case
  EXPECT_EQ(codeOf(registry_.registerSchema("bad\x01subject", kV1, {})), Errc::kInvalidSubject);
  EXPECT_EQ(registry_.subjects(true, ""), (std::vector<std::string>{"s"}));  // nothing else written
}

TEST_F(RegistryTest, ReadOnlyModeBlocksWritesButNotReads) {
  registered("s", kV1);
  ASSERT_TRUE(settings_.setMode(std::nullopt, "READONLY"));
  EXPECT_EQ(codeOf(registry_.registerSchema("s", kV2, std::nullopt)), Errc::kOperationNotPermitted);
  EXPECT_EQ(codeOf(registry_.deleteSubject("s", false)), Errc::kOperationNotPermitted);
  EXPECT_EQ(codeOf(registry_.deleteVersion("s", "1", false)), Errc::kOperationNotPermitted);
  EXPECT_TRUE(registry_.version("s", "1", false));
  // The subject's own mode wins over the global one.
  ASSERT_TRUE(settings_.setMode("s", "readwrite"));
  EXPECT_EQ(registered("s", kV2).version, 2);
}

TEST_F(RegistryTest, AStoreOutageIsAStoreError) {
  registered("s", kV1);
  store_.setUnavailable(true);
  EXPECT_EQ(codeOf(registry_.version("s", "latest", false)), Errc::kStoreError);
  EXPECT_EQ(codeOf(registry_.registerSchema("s", kV2, std::nullopt)), Errc::kStoreError);
  store_.setUnavailable(false);
  EXPECT_EQ(registry_.versions("s", false, false), (std::vector<int>{1}));
}

}  // namespace
}  // namespace tracker::schema_registry_service
