#include "schema_registry/errors.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry::errc {
namespace {

TEST(RegistryErrorsTest, CodeCarriesTheRegistryNumber) {
  EXPECT_EQ(registryCode(40901), "schema_registry.40901");
  EXPECT_EQ(registryErrorNumber({"schema_registry.40403", "x"}), 40403);
  EXPECT_TRUE(isRegistryError({"schema_registry.40403", "x"}, kSchemaNotFound));
  EXPECT_FALSE(registryErrorNumber({std::string(kTransport), "x"}).has_value());
  EXPECT_FALSE(registryErrorNumber({"schema_registry.http_502", "x"}).has_value());
  EXPECT_FALSE(registryErrorNumber({"other.40403", "x"}).has_value());
}

TEST(RegistryErrorsTest, TransientClassification) {
  for (const char* code :
       {"schema_registry.transport", "schema_registry.http_502", "schema_registry.http_429",
        "schema_registry.http_408", "schema_registry.50001", "schema_registry.50003",
        "schema_registry.500"}) {
    EXPECT_TRUE(isTransient({code, ""})) << code;
  }
  for (const char* code :
       {"schema_registry.40401", "schema_registry.40901", "schema_registry.42201",
        "schema_registry.http_404", "schema_registry.invalid_response", "schema_registry.404",
        "serde.bad_magic"}) {
    EXPECT_FALSE(isTransient({code, ""})) << code;
  }
}

}  // namespace
}  // namespace tracker::schema_registry::errc
