// The /config and /mode rules, over the in-memory store.

#include "settings.h"

#include "testing/memory_schema_store.h"

#include <gtest/gtest.h>

namespace tracker::schema_registry_service {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  static Errc codeOf(const auto& result) {
    EXPECT_FALSE(result);
    return result ? Errc::kBadRequest : result.error().code;
  }

  testing::MemorySchemaStore store_;
  Settings settings_{store_};
};

TEST_F(SettingsTest, GlobalConfigDefaultsToBackwardAndCanBeReset) {
  EXPECT_EQ(settings_.config(std::nullopt, false)->level, CompatibilityLevel::kBackward);
  ASSERT_TRUE(settings_.setConfig(std::nullopt, "full_transitive", std::nullopt));
  EXPECT_EQ(settings_.config(std::nullopt, false)->level, CompatibilityLevel::kFullTransitive);
  EXPECT_EQ(settings_.deleteConfig(std::nullopt)->level, CompatibilityLevel::kFullTransitive);
  EXPECT_EQ(settings_.config(std::nullopt, false)->level, CompatibilityLevel::kBackward);
  EXPECT_EQ(settings_.deleteConfig(std::nullopt)->level, CompatibilityLevel::kBackward);
}

TEST_F(SettingsTest, SubjectConfigOwnOrGlobal) {
  ASSERT_TRUE(settings_.setConfig(std::nullopt, "FORWARD", true));
  EXPECT_EQ(codeOf(settings_.config("s", false)), Errc::kSubjectConfigNotFound);
  auto inherited = settings_.config("s", true);
  ASSERT_TRUE(inherited);
  EXPECT_EQ(inherited->level, CompatibilityLevel::kForward);
  EXPECT_EQ(inherited->normalize, true);

  auto set = settings_.setConfig("s", "full", std::nullopt);
  ASSERT_TRUE(set);
  EXPECT_EQ(set->level, CompatibilityLevel::kFull);
  EXPECT_EQ(set->normalize, std::nullopt);
  EXPECT_EQ(settings_.config("s", false)->level, CompatibilityLevel::kFull);
  EXPECT_EQ(settings_.deleteConfig("s")->level, CompatibilityLevel::kFull);
  EXPECT_EQ(codeOf(settings_.deleteConfig("s")), Errc::kSubjectNotFound);
}

TEST_F(SettingsTest, SettingTheLevelKeepsAStoredNormalizeFlag) {
  ASSERT_TRUE(settings_.setConfig("s", "NONE", true));
  ASSERT_TRUE(settings_.setConfig("s", "FULL", std::nullopt));
  EXPECT_EQ(settings_.config("s", false)->normalize, true);
}

TEST_F(SettingsTest, EffectiveConfigTakesEachFieldFromTheSubjectWhenItSetsIt) {
  ASSERT_TRUE(settings_.setConfig(std::nullopt, "FULL", true));
  ASSERT_TRUE(settings_.setConfig("s", "NONE", std::nullopt));
  auto config = store_.readValue<CompatibilityConfig>(
      [](StoreSession& session) { return effectiveConfig(session, "s"); });
  ASSERT_TRUE(config);
  EXPECT_EQ(config->level, CompatibilityLevel::kNone);
  EXPECT_EQ(config->normalize, true);  // not set by the subject: the global one
}

TEST_F(SettingsTest, InvalidLevelSubjectOrMode) {
  EXPECT_EQ(codeOf(settings_.setConfig("s", "SIDEWAYS", std::nullopt)),
            Errc::kInvalidCompatibilityLevel);
  EXPECT_EQ(codeOf(settings_.setConfig("", "FULL", std::nullopt)), Errc::kInvalidSubject);
  EXPECT_EQ(codeOf(settings_.setMode("s", "IMPORT")), Errc::kInvalidMode);
  EXPECT_EQ(codeOf(settings_.setMode("s", "BOGUS")), Errc::kInvalidMode);
}

TEST_F(SettingsTest, ModesOwnOrGlobal) {
  EXPECT_EQ(settings_.mode(std::nullopt, false), Mode::kReadWrite);
  EXPECT_EQ(codeOf(settings_.mode("s", false)), Errc::kSubjectModeNotFound);
  ASSERT_TRUE(settings_.setMode(std::nullopt, "readonly_override"));
  EXPECT_EQ(settings_.mode("s", true), Mode::kReadOnlyOverride);
  EXPECT_EQ(settings_.setMode("s", "READONLY"), Mode::kReadOnly);
  EXPECT_EQ(settings_.mode("s", false), Mode::kReadOnly);
  EXPECT_EQ(settings_.deleteMode("s"), Mode::kReadOnly);
  EXPECT_EQ(codeOf(settings_.deleteMode("s")), Errc::kSubjectNotFound);
  EXPECT_EQ(settings_.deleteMode(std::nullopt), Mode::kReadOnlyOverride);
  EXPECT_EQ(settings_.mode(std::nullopt, false), Mode::kReadWrite);
}

TEST_F(SettingsTest, OnlyReadWriteAllowsWrites) {
  const auto writable = [this](const std::string& subject) {
    return bool(store_.readValue<bool>([&](StoreSession& session) -> Result<bool> {
      if (auto ok = checkWritable(session, subject); !ok) return fail(ok.error());
      return true;
    }));
  };
  EXPECT_TRUE(writable("s"));
  ASSERT_TRUE(settings_.setMode(std::nullopt, "READONLY_OVERRIDE"));
  EXPECT_FALSE(writable("s"));
  ASSERT_TRUE(settings_.setMode("s", "READWRITE"));
  EXPECT_TRUE(writable("s"));
  EXPECT_FALSE(writable("t"));
}

}  // namespace
}  // namespace tracker::schema_registry_service
