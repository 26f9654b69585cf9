#include "http_server/key_auth.h"

#include "common/base64.h"

#include <gtest/gtest.h>

namespace tracker::http_server {
namespace {

Request withHeaders(Pairs headers) {
  Request request;
  request.method = Method::kPost;
  request.headers = std::move(headers);
  return request;
}

Request basic(const std::string& user_and_key) {
  return withHeaders({{"Authorization", "Basic " + common::base64Encode(user_and_key)}});
}

TEST(ParseNamedKeys, NamesBareKeysByPositionAndNeverEchoesAKey) {
  auto keys = parseNamedKeys("ops:s3cret, bare-key", "TRACKER_X_KEYS", "admin");
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(*keys, (std::vector<NamedKey>{{"ops", "s3cret"}, {"admin-2", "bare-key"}}));
  auto repeated = parseNamedKeys("ops:a,ops:b", "TRACKER_X_KEYS", "admin");
  ASSERT_FALSE(repeated.has_value());
  EXPECT_NE(repeated.error().message.find("TRACKER_X_KEYS"), std::string::npos);
  auto empty_key = parseNamedKeys("ops:top-secret-value,name:", "TRACKER_X_KEYS", "admin");
  ASSERT_FALSE(empty_key.has_value());
  EXPECT_EQ(empty_key.error().message.find("top-secret-value"), std::string::npos);
  EXPECT_TRUE(parseNamedKeys("", "TRACKER_X_KEYS", "admin")->empty());
}

TEST(PresentedCredential, ApiKeyHeaderBasicAndBearer) {
  EXPECT_FALSE(presentedCredential(withHeaders({})).has_value());
  EXPECT_EQ(presentedCredential(withHeaders({{"x-api-key", "k1"}}))->secret, "k1");
  const auto by_basic = presentedCredential(basic("ops:k2:with-colon"));
  EXPECT_EQ(by_basic->secret, "k2:with-colon");
  EXPECT_EQ(by_basic->user, "ops");
  const auto lower = presentedCredential(
      withHeaders({{"Authorization", "basic " + common::base64Encode("ops:k3")}}));
  EXPECT_EQ(lower->secret, "k3");
  EXPECT_EQ(presentedCredential(withHeaders({{"Authorization", "Bearer k4"}}))->secret, "k4");
  EXPECT_FALSE(presentedCredential(withHeaders({{"Authorization", "Bearer k4"}}))->user);
  // X-API-Key wins when both are sent.
  EXPECT_EQ(presentedCredential(withHeaders({{"Authorization", "Bearer k4"}, {"X-API-Key", "k1"}}))
                ->secret,
            "k1");
}

TEST(PresentedCredential, UnreadableAuthorizationIsAnEmptySecret) {
  const std::vector<std::string> headers = {
      "Basic %%%", "Basic " + common::base64Encode("no-colon"), "Digest abc", "Basic", "Bearer"};
  for (const std::string& header : headers) {
    const auto credential = presentedCredential(withHeaders({{"Authorization", header}}));
    ASSERT_TRUE(credential.has_value()) << header;
    EXPECT_TRUE(credential->secret.empty()) << header;
  }
}

TEST(KeyAuth, WithoutKeysEveryoneActsAsAnonymous) {
  const KeyAuth auth;
  EXPECT_FALSE(auth.enabled());
  const KeyCheck check = auth.check(withHeaders({}));
  EXPECT_EQ(check.verdict, KeyVerdict::kAllowed);
  EXPECT_EQ(check.actor, "anonymous");
}

TEST(KeyAuth, MissingKeyWrongKeyAndTheRightKeyByName) {
  const KeyAuth auth({{"ops", "secret-1"}, {"oncall", "secret-2"}});
  EXPECT_TRUE(auth.enabled());
  EXPECT_EQ(auth.check(withHeaders({})).verdict, KeyVerdict::kMissing);
  EXPECT_EQ(auth.check(withHeaders({{"X-API-Key", ""}})).verdict, KeyVerdict::kWrong);
  EXPECT_EQ(auth.check(withHeaders({{"X-API-Key", "secret-"}})).verdict, KeyVerdict::kWrong);
  EXPECT_EQ(auth.check(withHeaders({{"X-API-Key", "secret-10"}})).verdict, KeyVerdict::kWrong);
  const KeyCheck second = auth.check(withHeaders({{"X-API-Key", "secret-2"}}));
  EXPECT_EQ(second.verdict, KeyVerdict::kAllowed);
  EXPECT_EQ(second.actor, "oncall");
  EXPECT_EQ(auth.check(withHeaders({{"Authorization", "Bearer secret-1"}})).actor, "ops");
}

TEST(KeyAuth, BasicNeedsTheKeysOwnName) {
  const KeyAuth auth({{"ops", "secret-1"}, {"oncall", "secret-2"}});
  EXPECT_EQ(auth.check(basic("oncall:secret-2")).actor, "oncall");
  EXPECT_EQ(auth.check(basic("ops:secret-2")).verdict, KeyVerdict::kWrong);
  EXPECT_EQ(auth.check(basic("oncall:secret-3")).verdict, KeyVerdict::kWrong);
  EXPECT_EQ(auth.check(withHeaders({{"Authorization", "Basic !!"}})).verdict, KeyVerdict::kWrong);
}

TEST(IsLoopbackHost, OnlyLoopbackAddressesAndLocalhost) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"}) {
    EXPECT_TRUE(isLoopbackHost(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "", "10.0.0.1", "127.0.0.1.example", "127.0.0",
                           "example.org", "1127.0.0.1"}) {
    EXPECT_FALSE(isLoopbackHost(host)) << host;
  }
}

TEST(ExposureWarning, OnlyBeyondLoopbackWithoutKeysAndNamesTheVariable) {
  EXPECT_FALSE(exposureWarning("svc", "127.0.0.1", 80, false, "TRACKER_K", "act").has_value());
  EXPECT_FALSE(exposureWarning("svc", "0.0.0.0", 80, true, "TRACKER_K", "act").has_value());
  const auto warning = exposureWarning("svc", "0.0.0.0", 8081, false, "TRACKER_K", "delete it");
  ASSERT_TRUE(warning.has_value());
  EXPECT_EQ(*warning,
            "svc: WARNING: listening on 0.0.0.0:8081 without TRACKER_K: anyone who can reach "
            "this port can delete it");
}

}  // namespace
}  // namespace tracker::http_server
