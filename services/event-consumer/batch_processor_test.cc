// The consumer core without Kafka: batches of framed records through the real decoder (against
// the in-memory registry) into fake sinks, checking what is stored, dead-lettered, committed and
// rewound.

#include "batch_processor.h"

#include "schema_registry/errors.h"
#include "schema_registry/testing/in_memory_schema_source.h"
#include "serde/serializer.h"
#include "testing/fake_sink.h"

#include <gtest/gtest.h>

namespace tracker::event_consumer {
namespace {

using testing::FakeSink;
using Offsets = std::map<std::int32_t, std::int64_t>;

// A published dead letter: where it came from and why.
struct Published {
  std::int32_t partition;
  std::int64_t offset;
  Stage stage;
  std::string code;
  int attempts;
};

class BatchProcessorTest : public ::testing::Test {
 protected:
  BatchProcessorTest() {
    search_.takeOnly([this](const DecodedEvent& event) {
      return catalogue_.isPostEvent(event.event.event_type());
    });
    book_.assign(std::vector<std::int32_t>{0, 1});
  }

  // A framed record of a valid event `event_id` at partition/offset.
  ConsumedRecord record(std::int32_t partition, std::int64_t offset, const std::string& event_id,
                        const std::string& type = "click") {
    ::events::UserBehaviorEvent event;
    event.set_event_id(event_id);
    event.set_event_type(type);
    event.set_user_id("u-1");
    event.set_timestamp(1'732'600'000'000);
    if (catalogue_.isPostEvent(type)) {
      (*event.mutable_extra_data())["post_id"] = "p-1";
      (*event.mutable_extra_data())["title"] = "hello";
    }
    auto bytes = serializer_.serialize("user-behavior-events", event);
    EXPECT_TRUE(bytes.has_value());
    ConsumedRecord record;
    record.topic = "user-behavior-events";
    record.partition = partition;
    record.offset = offset;
    record.value = bytes.value_or("");
    return record;
  }

  BatchPlan process(std::vector<ConsumedRecord> records) {
    return processor_.process(std::move(records));
  }

  std::shared_ptr<schema_registry::testing::InMemorySchemaSource> registry_ =
      std::make_shared<schema_registry::testing::InMemorySchemaSource>();
  serde::Serializer<::events::UserBehaviorEvent> serializer_{registry_};
  EventDecoder::KeyDeserializer keys_{registry_};
  EventDecoder::ValueDeserializer values_{registry_};
  events::Catalogue catalogue_;
  EventDecoder decoder_{keys_, values_, catalogue_};
  FakeSink postgres_{Dependency::kPostgres, Stage::kPostgres};
  FakeSink search_{Dependency::kSearch, Stage::kSearch};
  PartitionBook book_;
  ConsumerCounters counters_;
  std::vector<Published> published_;
  bool dlt_down_ = false;
  BatchProcessor processor_{
      decoder_,
      {&postgres_, &search_},
      [this](const std::vector<DeadLetterPublisher::Letter>& letters) {
        std::vector<common::Result<void>> results;
        for (const auto& letter : letters) {
          if (dlt_down_) {
            results.emplace_back(common::makeError("dead_letter.produce_failed", "broker down"));
            continue;
          }
          published_.push_back({letter.record->partition, letter.record->offset,
                                letter.failure->stage, letter.failure->code,
                                letter.failure->attempts});
          results.emplace_back();
        }
        return results;
      },
      book_,
      counters_,
      /*retry_attempts=*/3};
};

TEST_F(BatchProcessorTest, EverySinkGetsWhatItTakesAndEveryPartitionCommits) {
  const auto plan =
      process({record(0, 10, "a"), record(1, 20, "b", "post_created"), record(0, 11, "c")});
  EXPECT_EQ(postgres_.stored(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(search_.stored(), (std::vector<std::string>{"b"}));
  EXPECT_EQ(plan.partitions.commits, (Offsets{{0, 12}, {1, 21}}));
  EXPECT_TRUE(plan.partitions.rewind.empty());
  EXPECT_FALSE(plan.outage);
  EXPECT_EQ(counters_.written_postgres.load(), 3U);
  EXPECT_EQ(counters_.written_search.load(), 1U);
}

TEST_F(BatchProcessorTest, DecodeFailureIsDeadLetteredOnceAndDoesNotBlockItsPartition) {
  ConsumedRecord garbage = record(0, 10, "x");
  garbage.value = std::string("not a frame");
  ConsumedRecord null_value = record(0, 11, "y");
  null_value.value.reset();
  const auto plan = process({garbage, null_value, record(0, 12, "a")});
  ASSERT_EQ(published_.size(), 2U);
  EXPECT_EQ(published_[0].offset, 10);
  EXPECT_EQ(published_[0].stage, Stage::kDecode);
  EXPECT_EQ(published_[0].attempts, 1);
  EXPECT_EQ(published_[1].code, "consumer.null_value");
  EXPECT_EQ(postgres_.stored(), (std::vector<std::string>{"a"}));
  EXPECT_EQ(plan.partitions.commits, (Offsets{{0, 13}}));
  EXPECT_EQ(counters_.dead_lettered[static_cast<std::size_t>(Stage::kDecode)].load(), 2U);
}

TEST_F(BatchProcessorTest, RetryThenSuccessKeepsLaterRecordsOfThePartitionBehindIt) {
  postgres_.script("a", {ItemOutcome::retry({"postgres.40001", "serialization failure"})});
  auto plan = process({record(0, 10, "a"), record(0, 11, "b"), record(1, 20, "c")});
  // Partition 0 waits at "a" (nothing committed there); partition 1 goes on.
  EXPECT_EQ(plan.partitions.commits, (Offsets{{1, 21}}));
  EXPECT_EQ(plan.partitions.rewind, (Offsets{{0, 10}}));
  EXPECT_EQ(book_.attempts(0, 10), 1);
  EXPECT_EQ(counters_.retried.load(), 1U);
  EXPECT_TRUE(published_.empty());
  // Read again after the back-off: both finish, in order.
  plan = process({record(0, 10, "a"), record(0, 11, "b")});
  EXPECT_EQ(plan.partitions.commits, (Offsets{{0, 12}}));
  EXPECT_TRUE(plan.partitions.rewind.empty());
  EXPECT_EQ(book_.attempts(0, 10), 0);
  EXPECT_EQ(postgres_.stored().back(), "b");
}

TEST_F(BatchProcessorTest, RetryForeverEndsInTheDeadLetterTopicAfterTheLastAttempt) {
  search_.failForever("p");
  for (int attempt = 1; attempt < 3; ++attempt) {
    const auto plan = process({record(1, 5, "p", "post_created"), record(1, 6, "q")});
    EXPECT_EQ(plan.partitions.rewind, (Offsets{{1, 5}})) << attempt;
    EXPECT_TRUE(published_.empty());
  }
  const auto plan = process({record(1, 5, "p", "post_created"), record(1, 6, "q")});
  ASSERT_EQ(published_.size(), 1U);
  EXPECT_EQ(published_[0].stage, Stage::kSearch);
  EXPECT_EQ(published_[0].code, "fake.retry");
  EXPECT_EQ(published_[0].attempts, 3);
  // "q" waited behind "p" this round too: it is read again, not lost.
  EXPECT_EQ(plan.partitions.commits, (Offsets{{1, 6}}));
  EXPECT_EQ(plan.partitions.rewind, (Offsets{{1, 6}}));
  EXPECT_EQ(counters_.dead_lettered[static_cast<std::size_t>(Stage::kSearch)].load(), 1U);
  EXPECT_EQ(book_.attempts(1, 5), 0);
}

TEST_F(BatchProcessorTest, SinkOutageAbandonsTheBatchFromEachPartitionsFirstRecord) {
  search_.goDown(/*writes=*/1, /*probes=*/0);
  const auto plan = process(
      {record(0, 10, "a", "post_created"), record(1, 20, "b"), record(0, 11, "c", "post_created")});
  EXPECT_TRUE(plan.abandoned);
  ASSERT_TRUE(plan.outage);
  EXPECT_EQ(plan.outage->dependency, Dependency::kSearch);
  EXPECT_TRUE(plan.partitions.commits.empty());
  EXPECT_EQ(plan.partitions.rewind, (Offsets{{0, 10}, {1, 20}}));
  EXPECT_EQ(counters_.retried.load(), 0U);  // an outage never counts attempts
  EXPECT_EQ(book_.attempts(0, 10), 0);
}

TEST_F(BatchProcessorTest, RegistryOutageWhileDecodingAbandonsBeforeAnySink) {
  auto first = record(0, 10, "a");
  // The decoder has not seen this schema id yet: it asks the registry, which is down.
  registry_->failNextCall({std::string(schema_registry::errc::kTransport), "connection refused"});
  const auto plan = process({first, record(1, 20, "b")});
  ASSERT_TRUE(plan.outage);
  EXPECT_EQ(plan.outage->dependency, Dependency::kRegistry);
  EXPECT_TRUE(plan.abandoned);
  EXPECT_EQ(plan.partitions.rewind, (Offsets{{0, 10}, {1, 20}}));
  EXPECT_EQ(postgres_.writeCalls(), 0);
  EXPECT_TRUE(published_.empty());
}

TEST_F(BatchProcessorTest, DeadLetterTopicDownKeepsThePartitionAtTheLetter) {
  dlt_down_ = true;
  ConsumedRecord garbage = record(0, 10, "x");
  garbage.value = std::string("not a frame");
  const auto plan = process({record(0, 9, "a"), garbage, record(0, 11, "b"), record(1, 3, "c")});
  ASSERT_TRUE(plan.outage);
  EXPECT_EQ(plan.outage->dependency, Dependency::kDlt);
  EXPECT_FALSE(plan.abandoned);
  EXPECT_EQ(plan.partitions.commits, (Offsets{{0, 10}, {1, 4}}));
  EXPECT_EQ(plan.partitions.rewind, (Offsets{{0, 10}}));
}

TEST_F(BatchProcessorTest, RecordsOfPartitionsNoLongerAssignedAreNeitherCommittedNorRewound) {
  book_.forget(std::vector<std::int32_t>{1});
  const auto plan = process({record(0, 1, "a"), record(1, 2, "b")});
  EXPECT_EQ(plan.partitions.commits, (Offsets{{0, 2}}));
}

}  // namespace
}  // namespace tracker::event_consumer
