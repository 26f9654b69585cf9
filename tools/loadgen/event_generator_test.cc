#include "loadgen/event_generator.h"

#include "events/catalogue.h"
#include "events/validation.h"
#include "loadgen/protobuf_body.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace tracker::loadgen {
namespace {

constexpr std::int64_t kNowMs = 1'700'000'000'000;

std::vector<Event> generate(const GeneratorOptions& options, std::size_t count) {
  EventGenerator generator(options, [] { return kNowMs; });
  std::vector<Event> events;
  generator.nextBatch(count, events);
  return events;
}

GeneratorOptions smallWorld(std::uint64_t seed) {
  return GeneratorOptions{
      .seed = seed, .users = 2'000, .zipf_exponent = 1.0, .mean_session_events = 8};
}

TEST(EventGeneratorTest, SameSeedSameEvents) {
  const auto first = generate(smallWorld(11), 5'000);
  const auto second = generate(smallWorld(11), 5'000);
  EXPECT_EQ(first, second);
}

TEST(EventGeneratorTest, DifferentSeedDifferentEvents) {
  EXPECT_NE(generate(smallWorld(11), 200), generate(smallWorld(12), 200));
}

TEST(EventGeneratorTest, BatchesContinueTheSameSequence) {
  EventGenerator generator(smallWorld(5), [] { return kNowMs; });
  std::vector<Event> events;
  std::vector<Event> batch;
  for (int i = 0; i < 10; ++i) {
    generator.nextBatch(7, batch);
    events.insert(events.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(events, generate(smallWorld(5), 70));
  EXPECT_EQ(generator.generated(), 70u);
}

TEST(EventGeneratorTest, EventIdsAreRepeatableAndChangeNothingElse) {
  auto with_ids = smallWorld(3);
  with_ids.with_event_ids = true;
  auto events = generate(with_ids, 1'000);
  EXPECT_EQ(events, generate(with_ids, 1'000));
  const std::regex uuid_v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> ids;
  for (auto& event : events) {
    ASSERT_TRUE(std::regex_match(event.event_id, uuid_v4)) << event.event_id;
    ids.insert(event.event_id);
    event.event_id.clear();
  }
  EXPECT_EQ(ids.size(), events.size());
  EXPECT_EQ(events, generate(smallWorld(3), 1'000));
}

TEST(EventGeneratorTest, EveryEventPassesTheIngestValidation) {
  const events::Catalogue catalogue;
  const events::ValidationLimits limits;
  // validateEvent checks an event after the service filled in defaults, event_id included, so
  // the ids come from the generator here (which also checks that they are acceptable).
  auto options = smallWorld(21);
  options.with_event_ids = true;
  for (const Event& event : generate(options, 20'000)) {
    ::events::UserBehaviorEvent message;
    toProto(event, message);
    const auto problems = events::validateEvent(message, limits, catalogue, kNowMs);
    ASSERT_TRUE(problems.empty()) << event.event_type << ": " << problems.front().code << " "
                                  << problems.front().field << " " << problems.front().message;
  }
}

TEST(EventGeneratorTest, FollowsLikesAndPostsCarryWhatTheCatalogueAsks) {
  const events::Catalogue catalogue;
  const std::regex tags("^[a-z]+(,[a-z]+){0,3}$");
  std::map<std::string, int> types;
  for (const Event& event : generate(smallWorld(8), 30'000)) {
    ++types[event.event_type];
    ASSERT_TRUE(catalogue.contains(event.event_type)) << event.event_type;
    ASSERT_FALSE(event.user_id.empty());
    ASSERT_FALSE(event.device_type.empty());
    ASSERT_FALSE(event.source_channel.empty());
    if (catalogue.needsTarget(event.event_type)) {
      ASSERT_FALSE(event.target_user_id.empty()) << event.event_type;
    }
    if (!event.target_user_id.empty()) {
      ASSERT_NE(event.target_user_id, event.user_id) << event.event_type;
      ASSERT_NE(catalogue.targetUser(event.event_type), events::TargetUser::kUnused)
          << event.event_type;
    }
    if (catalogue.isPostEvent(event.event_type)) {
      ASSERT_NE(event.extra("post_id"), nullptr) << event.event_type;
      if (event.event_type != "post_deleted") {
        ASSERT_NE(event.extra("title"), nullptr);
        ASSERT_NE(event.extra("content"), nullptr);
        ASSERT_NE(event.extra("tags"), nullptr);
        ASSERT_FALSE(event.extra("title")->empty());
        ASSERT_FALSE(event.extra("content")->empty());
        ASSERT_TRUE(std::regex_match(*event.extra("tags"), tags)) << *event.extra("tags");
      }
    }
  }
  // The whole catalogue shows up, reading dominates writing.
  for (std::string_view type : events::kBuiltInEventTypes) {
    EXPECT_GT(types[std::string(type)], 0) << type;
  }
  EXPECT_GT(types["page_view"], types["post_created"] * 3);
  // Sessions of ~8 events: about one login in ten events, not a flood of first-time logins.
  EXPECT_LT(types["login"], 30'000 / 6);
  EXPECT_GT(types["like"], types["unlike"]);
}

TEST(EventGeneratorTest, SessionsAndPostsAreConsistentPerUser) {
  struct UserView {
    // A user's first event may fall in a session that began before the run.
    bool seen = false;
    bool in_session = false;
    std::string device;
    std::set<std::string> live_posts;
    std::set<std::string> deleted_posts;
  };
  std::map<std::string, UserView> users;
  for (const Event& event : generate(smallWorld(9), 30'000)) {
    UserView& user = users[event.user_id];
    if (!user.seen) {
      user.seen = true;
      user.in_session = event.event_type != "login";
      user.device = event.device_type;
    }
    if (event.event_type == "login") {
      ASSERT_FALSE(user.in_session) << event.user_id << " logs in twice";
      user.in_session = true;
      user.device = event.device_type;
    } else {
      ASSERT_TRUE(user.in_session)
          << event.user_id << ": " << event.event_type << " outside a session";
      ASSERT_EQ(event.device_type, user.device) << "device changed within a session";
      if (event.event_type == "logout") user.in_session = false;
    }
    if (event.event_type == "post_created") {
      ASSERT_TRUE(user.live_posts.insert(*event.extra("post_id")).second) << "post id reused";
      ASSERT_FALSE(user.deleted_posts.contains(*event.extra("post_id")));
    } else if (event.event_type == "post_updated") {
      ASSERT_TRUE(user.live_posts.contains(*event.extra("post_id"))) << "update of unknown post";
    } else if (event.event_type == "post_deleted") {
      ASSERT_EQ(user.live_posts.erase(*event.extra("post_id")), 1u) << "delete of unknown post";
      user.deleted_posts.insert(*event.extra("post_id"));
    }
  }
}

TEST(EventGeneratorTest, ActivityIsSkewedTowardsFewUsers) {
  std::map<std::string, int> per_user;
  int logins = 0;
  constexpr int kEvents = 50'000;
  for (const Event& event :
       generate(GeneratorOptions{.seed = 4, .users = 100'000, .zipf_exponent = 1.0}, kEvents)) {
    ++per_user[event.user_id];
    logins += event.event_type == "login" ? 1 : 0;
  }
  // Most of these users are seen once, yet the mix stays the steady state's (1 in ~22 a login).
  EXPECT_LT(logins, kEvents / 10);
  // user_1 is the most active; with 100,000 users and exponent 1 it has ~8 % of the traffic.
  EXPECT_GT(per_user["user_1"], kEvents * 0.06);
  EXPECT_GT(per_user["user_1"], per_user["user_10"] * 5);
  // ... yet thousands of distinct users appear.
  EXPECT_GT(per_user.size(), 5'000u);
}

}  // namespace
}  // namespace tracker::loadgen
