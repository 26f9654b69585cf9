#include "fault_injection.h"

#include "testing/fake_sink.h"

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

DecodedEvent eventAt(std::int32_t partition, std::int64_t offset, const std::string& id) {
  DecodedEvent event;
  event.event.set_event_id(id);
  event.partition = partition;
  event.offset = offset;
  return event;
}

TEST(FaultInjectingSink, FailsChosenEventsAndHoldsTheirPartitionBehindThem) {
  testing::FakeSink inner;
  const FaultInjector faults({{Stage::kPostgres, "bad-", 2}});
  FaultInjectingSink sink(inner, faults);
  const DecodedEvent events[] = {eventAt(0, 1, "ok-1"), eventAt(0, 2, "bad-1"),
                                 eventAt(0, 3, "ok-2"), eventAt(1, 7, "ok-3")};
  const DecodedEvent* batch[] = {&events[0], &events[1], &events[2], &events[3]};
  auto outcomes = sink.write(batch);
  ASSERT_TRUE(outcomes);
  ASSERT_EQ(outcomes->size(), 4U);
  EXPECT_EQ((*outcomes)[0].kind, ItemOutcome::Kind::kDone);
  EXPECT_EQ((*outcomes)[1].kind, ItemOutcome::Kind::kRetry);
  EXPECT_EQ((*outcomes)[1].error.code, "fault.injected");
  EXPECT_EQ((*outcomes)[2].kind, ItemOutcome::Kind::kSkipped);  // waits behind bad-1
  EXPECT_EQ((*outcomes)[3].kind, ItemOutcome::Kind::kDone);
  EXPECT_EQ(inner.stored(), (std::vector<std::string>{"ok-1", "ok-3"}));
  // The second attempt fails too, then the third passes: counted per event id, so a redelivery
  // at another offset (a replay) continues the count.
  const DecodedEvent* again[] = {&events[1]};
  outcomes = sink.write(again);
  ASSERT_TRUE(outcomes);
  EXPECT_EQ((*outcomes)[0].kind, ItemOutcome::Kind::kRetry);
  const DecodedEvent replayed = eventAt(0, 99, "bad-1");
  const DecodedEvent* redelivered[] = {&replayed};
  outcomes = sink.write(redelivered);
  ASSERT_TRUE(outcomes);
  EXPECT_EQ((*outcomes)[0].kind, ItemOutcome::Kind::kDone);
}

TEST(FaultInjectingSink, OtherStagesAndProbesPassThrough) {
  testing::FakeSink inner(Dependency::kSearch, Stage::kSearch);
  const FaultInjector faults({{Stage::kPostgres, "bad-", std::nullopt}});
  FaultInjectingSink sink(inner, faults);
  const DecodedEvent event = eventAt(0, 1, "bad-1");
  const DecodedEvent* batch[] = {&event};
  auto outcomes = sink.write(batch);
  ASSERT_TRUE(outcomes);
  EXPECT_EQ((*outcomes)[0].kind, ItemOutcome::Kind::kDone);
  EXPECT_EQ(sink.dependency(), Dependency::kSearch);
  inner.goDown(0, 1);
  EXPECT_FALSE(sink.probe());
  EXPECT_TRUE(sink.probe());
}

}  // namespace
}  // namespace tracker::event_consumer
