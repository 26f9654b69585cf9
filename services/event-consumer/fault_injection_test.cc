#include "fault_injection.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

TEST(FaultRules, EmptyTextMeansNoRules) {
  auto rules = parseFaultRules("");
  ASSERT_TRUE(rules);
  EXPECT_TRUE(rules->empty());
  EXPECT_FALSE(FaultInjector(*rules).enabled());
}

TEST(FaultRules, ParsesCountsAndForever) {
  auto rules = parseFaultRules("postgres:retry-twice-:2, search:dead-:forever");
  ASSERT_TRUE(rules) << rules.error().toString();
  ASSERT_EQ(rules->size(), 2U);
  EXPECT_EQ((*rules)[0], (FaultRule{Stage::kPostgres, "retry-twice-", 2}));
  EXPECT_EQ((*rules)[1], (FaultRule{Stage::kSearch, "dead-", std::nullopt}));
}

TEST(FaultRules, PrefixMayContainColons) {
  auto rules = parseFaultRules("postgres:a:b:3");
  ASSERT_TRUE(rules);
  EXPECT_EQ((*rules)[0].event_id_prefix, "a:b");
}

TEST(FaultRules, RejectsMalformedRulesNamingTheVariable) {
  for (const char* text : {"postgres", "postgres:x", "decode:x:1", "postgres::1", "postgres:x:0",
                           "postgres:x:often", "search:x:-2"}) {
    auto rules = parseFaultRules(text);
    ASSERT_FALSE(rules) << text;
    EXPECT_NE(rules.error().message.find("TRACKER_CONSUMER_FAULTS"), std::string::npos) << text;
  }
}

TEST(FaultInjector, FailsTheFirstAttemptsOnlyAtItsStage) {
  FaultInjector injector({FaultRule{Stage::kPostgres, "twice-", 2}});
  EXPECT_TRUE(injector.failureFor(Stage::kPostgres, "twice-1", 1));
  EXPECT_TRUE(injector.failureFor(Stage::kPostgres, "twice-1", 2));
  EXPECT_FALSE(injector.failureFor(Stage::kPostgres, "twice-1", 3));
  EXPECT_FALSE(injector.failureFor(Stage::kSearch, "twice-1", 1));
  EXPECT_FALSE(injector.failureFor(Stage::kPostgres, "other", 1));
}

TEST(FaultInjector, ForeverNeverLetsThrough) {
  FaultInjector injector({FaultRule{Stage::kSearch, "dead-", std::nullopt}});
  EXPECT_TRUE(injector.failureFor(Stage::kSearch, "dead-7", 1));
  EXPECT_TRUE(injector.failureFor(Stage::kSearch, "dead-7", 1000));
}

}  // namespace
}  // namespace tracker::event_consumer
