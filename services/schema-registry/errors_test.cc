#include "errors.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry_service {
namespace {

// Confluent's clients branch on these numbers: each factory must keep its code.
TEST(ErrorsTest, EachFactoryCarriesConfluentsCode) {
  const std::pair<Error, int> table[] = {
      {subjectNotFound("s"), 40401},
      {versionNotFound("3"), 40402},
      {schemaIdNotFound("9"), 40403},
      {schemaNotFound(), 40403},
      {subjectSoftDeleted("s"), 40404},
      {subjectNotSoftDeleted("s"), 40405},
      {versionSoftDeleted("s", 1), 40406},
      {versionNotSoftDeleted("s", 1), 40407},
      {subjectConfigNotFound("s"), 40408},
      {subjectModeNotFound("s"), 40409},
      {incompatibleSchema("s", {"a"}), 40901},
      {emptySchema(), 42201},
      {unsupportedSchemaType("AVRO"), 42201},
      {referenceNotFound("s", 1), 42201},
      {invalidVersion("x"), 42202},
      {invalidCompatibilityLevel(), 42203},
      {compatibilityLevelRequired(), 42203},
      {invalidMode(), 42204},
      {modeRequired(), 42204},
      {readOnlyMode("s"), 42205},
      {referenceExists("s", 1), 42206},
      {invalidSubject(""), 42208},
      {badRequest("why"), 400},
      {storeError("down"), 50001},
  };
  for (const auto& [error, code] : table)
    EXPECT_EQ(confluentCode(error.code), code) << error.message;
}

// The texts Confluent's registry answers with (clients and people grep for them).
TEST(ErrorsTest, MessagesReadLikeConfluents) {
  EXPECT_EQ(subjectNotFound("orders-value").message, "Subject 'orders-value' not found.");
  EXPECT_EQ(versionNotFound("latest").message, "Version latest not found.");
  EXPECT_EQ(schemaIdNotFound("42").message, "Schema 42 not found");
  EXPECT_EQ(subjectSoftDeleted("s").message,
            "Subject 's' was soft deleted. Set permanent=true to delete permanently");
  EXPECT_EQ(versionNotSoftDeleted("s", 2).message,
            "Subject 's' Version 2 was not deleted first before being permanently deleted");
  EXPECT_EQ(referenceExists("s", 1).message,
            "One or more references exist to the schema {subject=s,version=1}");
  EXPECT_EQ(referenceNotFound("dep", -1).message,
            "Invalid schema: No schema reference found for subject \"dep\" and version -1");
  EXPECT_EQ(unsupportedSchemaType("").message,
            "This registry supports only schemaType PROTOBUF, got 'AVRO (default)'");
  EXPECT_EQ(storeError("PostgreSQL: gone").message, "store error: PostgreSQL: gone");
}

TEST(ErrorsTest, IncompatibleSchemaListsEveryViolation) {
  EXPECT_EQ(incompatibleSchema("s", {"one", "two"}).message,
            "Schema being registered is incompatible with an earlier schema for subject \"s\", "
            "details: [one; two]");
}

}  // namespace
}  // namespace tracker::schema_registry_service
