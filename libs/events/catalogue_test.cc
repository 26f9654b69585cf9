#include "events/catalogue.h"

#include "events/errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tracker::events {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;

TEST(CatalogueTest, BuiltInTypesAreAcceptedAndNothingElse) {
  const Catalogue catalogue;
  for (std::string_view type : kBuiltInEventTypes) EXPECT_TRUE(catalogue.contains(type)) << type;
  EXPECT_EQ(catalogue.types().size(), kBuiltInEventTypes.size());
  EXPECT_FALSE(catalogue.contains("bookmark"));
  EXPECT_FALSE(catalogue.contains("Page_View"));
  EXPECT_FALSE(catalogue.contains(""));
}

TEST(CatalogueTest, PostEventsAreThePostTypes) {
  const Catalogue catalogue;
  EXPECT_TRUE(catalogue.isPostEvent("post_created"));
  EXPECT_TRUE(catalogue.isPostEvent("post_updated"));
  EXPECT_TRUE(catalogue.isPostEvent("post_deleted"));
  EXPECT_FALSE(catalogue.isPostEvent("comment"));
  EXPECT_FALSE(catalogue.isPostEvent("post_liked"));  // not in the catalogue
}

TEST(CatalogueTest, FollowRequiresATargetLikeMayNameOne) {
  const Catalogue catalogue;
  EXPECT_TRUE(catalogue.needsTarget("follow"));
  EXPECT_TRUE(catalogue.needsTarget("unfollow"));
  for (std::string_view type : {"like", "unlike", "comment", "share"}) {
    EXPECT_EQ(catalogue.targetUser(type), TargetUser::kOptional) << type;
    EXPECT_FALSE(catalogue.needsTarget(type));
  }
  EXPECT_EQ(catalogue.targetUser("page_view"), TargetUser::kUnused);
  EXPECT_EQ(catalogue.targetUser("nonsense"), TargetUser::kUnused);
}

TEST(CatalogueTest, ConfigurationAddsTypes) {
  auto catalogue = Catalogue::fromConfig({.extra_types = " bookmark, report ,,page_view"});
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error().toString();
  EXPECT_TRUE(catalogue->contains("bookmark"));
  EXPECT_TRUE(catalogue->contains("report"));
  EXPECT_TRUE(catalogue->contains("page_view"));
  EXPECT_EQ(catalogue->types().size(), kBuiltInEventTypes.size() + 2);
  EXPECT_TRUE(catalogue->isPostEvent("post_created"));  // defaults kept
}

TEST(CatalogueTest, ConfigurationReplacesPostAndTargetSets) {
  auto catalogue = Catalogue::fromConfig({.extra_types = "post_shared,block",
                                          .post_types = "post_created,post_shared",
                                          .target_required_types = "follow,block"});
  ASSERT_TRUE(catalogue.has_value()) << catalogue.error().toString();
  EXPECT_TRUE(catalogue->isPostEvent("post_shared"));
  EXPECT_FALSE(catalogue->isPostEvent("post_deleted"));
  EXPECT_TRUE(catalogue->needsTarget("block"));
  EXPECT_EQ(catalogue->targetUser("unfollow"), TargetUser::kOptional);

  auto no_posts = Catalogue::fromConfig({.post_types = ""});
  ASSERT_TRUE(no_posts.has_value());
  EXPECT_FALSE(no_posts->isPostEvent("post_created"));
}

TEST(CatalogueTest, RejectsMalformedOrUnknownNames) {
  for (const CatalogueConfig& config :
       {CatalogueConfig{.extra_types = "Bookmark"}, CatalogueConfig{.extra_types = "1st"},
        CatalogueConfig{.extra_types = "has-dash"},
        CatalogueConfig{.extra_types = std::string(65, 'a')},
        CatalogueConfig{.post_types = "post_shared"},
        CatalogueConfig{.target_required_types = "blocked"}}) {
    auto catalogue = Catalogue::fromConfig(config);
    ASSERT_FALSE(catalogue.has_value());
    EXPECT_EQ(catalogue.error().code, errc::kInvalidConfig);
  }
  EXPECT_THAT(Catalogue::fromConfig({.post_types = "post_shared"}).error().message,
              HasSubstr("'post_shared'"));
}

TEST(CatalogueTest, EventTypeNames) {
  EXPECT_TRUE(isEventTypeName("a"));
  EXPECT_TRUE(isEventTypeName("page_view2"));
  EXPECT_TRUE(isEventTypeName(std::string(64, 'a')));
  EXPECT_FALSE(isEventTypeName(std::string(65, 'a')));
  EXPECT_FALSE(isEventTypeName("_private"));
  EXPECT_FALSE(isEventTypeName("page view"));
  EXPECT_FALSE(isEventTypeName("pageView"));
  EXPECT_THAT(parseEventTypeList("a, b").value(), ElementsAre("a", "b"));
}

}  // namespace
}  // namespace tracker::events
