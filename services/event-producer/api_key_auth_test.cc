#include "api_key_auth.h"

#include <gtest/gtest.h>

namespace tracker::event_producer {
namespace {

TEST(ApiKeyAuthTest, OffWhenNoKeys) {
  const ApiKeyAuth auth({});
  EXPECT_FALSE(auth.enabled());
  EXPECT_EQ(auth.authenticate(std::nullopt), std::string(kAnonymousClient));
  EXPECT_EQ(auth.authenticate("anything"), std::string(kAnonymousClient));
  EXPECT_EQ(auth.clients(), std::vector<std::string>{std::string(kAnonymousClient)});
}

TEST(ApiKeyAuthTest, OnRequiresAConfiguredKey) {
  const ApiKeyAuth auth({"k1", "secret-2"});
  EXPECT_TRUE(auth.enabled());
  EXPECT_EQ(auth.authenticate("k1"), "k1");
  EXPECT_EQ(auth.authenticate("secret-2"), "secret-2");
  EXPECT_EQ(auth.authenticate(std::nullopt), std::nullopt);
  EXPECT_EQ(auth.authenticate(""), std::nullopt);
  EXPECT_EQ(auth.authenticate("k"), std::nullopt);
  EXPECT_EQ(auth.authenticate("k1 "), std::nullopt);
  EXPECT_EQ(auth.authenticate("secret-3"), std::nullopt);
  EXPECT_EQ(auth.clients(), (std::vector<std::string>{"k1", "secret-2"}));
}

TEST(ApiKeyAuthTest, ParsesCommaList) {
  EXPECT_EQ(parseApiKeyList(" a, b ,,c,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(parseApiKeyList("").empty());
  EXPECT_TRUE(parseApiKeyList(" , ").empty());
}

}  // namespace
}  // namespace tracker::event_producer
