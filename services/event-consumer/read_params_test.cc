#include "read_params.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

http_server::Request get(std::string target) {
  return http_server::makeRequest(http_server::Method::kGet, std::move(target), {}, "").value();
}

// The parameter an invalid_parameter error names.
std::string namedParameter(const common::Error& error) {
  EXPECT_EQ(error.code, kInvalidParameter);
  return error.message.substr(0, error.message.find(':'));
}

TEST(ReadParamsTest, UserEventsDefaults) {
  auto query = parseUserEventsQuery("u1", get("/api/users/u1/events"));
  ASSERT_TRUE(query) << query.error().toString();
  EXPECT_EQ(query->user_id, "u1");
  EXPECT_EQ(query->event_type, std::nullopt);
  EXPECT_EQ(query->range, TimeRange{});
  EXPECT_EQ(query->limit, kDefaultEventsLimit);
  EXPECT_EQ(query->after, std::nullopt);
}

TEST(ReadParamsTest, UserEventsEveryParameter) {
  const std::string cursor = encodeCursor({1'714'564'800'000'000, "e-9"});
  auto query = parseUserEventsQuery(
      "u1", get("/x?type=post_created&from=1714564800000&to=2024-05-02T00:00:00Z&limit=500"
                "&cursor=" +
                cursor + "&unknown=ignored"));
  ASSERT_TRUE(query) << query.error().toString();
  EXPECT_EQ(query->event_type, "post_created");
  EXPECT_EQ(query->range.from_micros, 1'714'564'800'000'000);
  EXPECT_EQ(query->range.to_micros, 1'714'608'000'000'000);
  EXPECT_EQ(query->limit, 500);
  EXPECT_EQ(query->after, (PageCursor{1'714'564'800'000'000, "e-9"}));
}

TEST(ReadParamsTest, EmptyParametersCountAsAbsent) {
  auto query = parseUserEventsQuery("u1", get("/x?type=&from=&to=&limit=&cursor="));
  ASSERT_TRUE(query) << query.error().toString();
  EXPECT_EQ(*query, (UserEventsQuery{"u1", std::nullopt, {}, kDefaultEventsLimit, std::nullopt}));
}

TEST(ReadParamsTest, UserEventsBadParametersAreNamed) {
  const std::pair<const char*, const char*> cases[] = {
      {"/x?limit=0", "limit"},        {"/x?limit=501", "limit"},
      {"/x?limit=ten", "limit"},      {"/x?limit=-1", "limit"},
      {"/x?type=Post", "type"},       {"/x?type=a%20b", "type"},
      {"/x?from=yesterday", "from"},  {"/x?to=2024-02-30", "to"},
      {"/x?from=2000&to=1000", "to"}, {"/x?from=1000&to=1000", "to"},
      {"/x?cursor=nope!", "cursor"},  {"/x?cursor=MTo0Mjo", "cursor"},
  };
  for (const auto& [target, parameter] : cases) {
    auto query = parseUserEventsQuery("u1", get(target));
    ASSERT_FALSE(query) << target;
    EXPECT_EQ(namedParameter(query.error()), parameter) << target;
  }
  auto long_user = parseUserEventsQuery(std::string(kMaxIdBytes + 1, 'u'), get("/x"));
  ASSERT_FALSE(long_user);
  EXPECT_EQ(namedParameter(long_user.error()), "user_id");
}

TEST(ReadParamsTest, PostSearchDefaultsAndParameters) {
  auto defaults = parsePostSearchQuery(get("/api/posts/search"));
  ASSERT_TRUE(defaults) << defaults.error().toString();
  EXPECT_EQ(*defaults, (PostSearchQuery{"", std::nullopt, {}, kDefaultSearchSize}));

  auto query =
      parsePostSearchQuery(get("/x?q=hello+world&user_id=u%2F1&from=1000&to=2000&size=100"));
  ASSERT_TRUE(query) << query.error().toString();
  EXPECT_EQ(*query, (PostSearchQuery{"hello world", "u/1", {1'000'000, 2'000'000}, 100}));

  auto blank = parsePostSearchQuery(get("/x?q=+%20"));
  ASSERT_TRUE(blank);
  EXPECT_EQ(blank->text, "");
}

TEST(ReadParamsTest, PostSearchBadParametersAreNamed) {
  const std::pair<std::string, const char*> cases[] = {
      {"/x?size=0", "size"},
      {"/x?size=101", "size"},
      {"/x?from=x", "from"},
      {"/x?from=5&to=1", "to"},
      {"/x?user_id=" + std::string(kMaxIdBytes + 1, 'u'), "user_id"},
      {"/x?q=" + std::string(kMaxSearchTextBytes + 1, 'q'), "q"},
  };
  for (const auto& [target, parameter] : cases) {
    auto query = parsePostSearchQuery(get(target));
    ASSERT_FALSE(query) << target;
    EXPECT_EQ(namedParameter(query.error()), parameter) << target;
  }
}

TEST(ReadParamsTest, IdsAreBounded) {
  EXPECT_EQ(parseId("event_id", "e-1"), "e-1");
  EXPECT_FALSE(parseId("event_id", ""));
  EXPECT_FALSE(parseId("event_id", std::string(kMaxIdBytes + 1, 'e')));
  EXPECT_TRUE(parseId("event_id", std::string(kMaxIdBytes, 'e')));
}

}  // namespace
}  // namespace tracker::event_consumer
