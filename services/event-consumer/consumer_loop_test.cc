// The poll loop against librdkafka's mock cluster (an in-process broker, no infrastructure):
// a sink outage (pause, probe until it answers, resume) and a member joining while the first
// holds a batch (the revocation finishes it and commits before the partitions go). Sinks are
// fakes; the records are real Confluent-framed events from the in-memory registry.

#include "consumer_loop.h"

#include "group_settings.h"
#include "kafka/producer.h"
#include "kafka/topic_partition_list.h"
#include "schema_registry/testing/in_memory_schema_source.h"
#include "serde/serializer.h"
#include "testing/fake_sink.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <set>
#include <thread>

namespace tracker::event_consumer {
namespace {

using namespace std::chrono_literals;
using testing::FakeSink;

constexpr const char* kTopic = "events";
constexpr const char* kDlt = "events-DLT";
constexpr const char* kGroup = "loop-test";
constexpr int kPartitions = 4;

// An in-process Kafka cluster of one broker with the topic and its DLT.
class MockCluster {
 public:
  MockCluster() {
    char error[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "0", error, sizeof(error));
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
    cluster_ = rd_kafka_mock_cluster_new(handle_, 1);
    rd_kafka_mock_group_initial_rebalance_delay_ms(cluster_, 0);
    rd_kafka_mock_topic_create(cluster_, kTopic, kPartitions, 1);
    rd_kafka_mock_topic_create(cluster_, kDlt, kPartitions, 1);
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
  }
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

template <typename Condition>
bool waitFor(Condition condition, std::chrono::milliseconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

class ConsumerLoopTest : public ::testing::Test {
 protected:
  kafka::ConfigMap connection() const { return {{"bootstrap.servers", cluster_.bootstraps()}}; }

  // Produces `count` events (ids "e-<n>", n from `first`) spread over the partitions; returns
  // their ids.
  std::set<std::string> produce(int count, int first = 0) {
    auto producer = kafka::createProducer(connection());
    EXPECT_TRUE(producer.has_value());
    std::set<std::string> ids;
    for (int i = first; i < first + count; ++i) {
      ::events::UserBehaviorEvent event;
      event.set_event_id("e-" + std::to_string(i));
      event.set_event_type("click");
      event.set_user_id("u-" + std::to_string(i % 7));
      event.set_timestamp(1'732'600'000'000);
      auto bytes = serializer_.serialize(kTopic, event);
      EXPECT_TRUE(bytes.has_value());
      (*producer)->produce(kTopic, i % kPartitions, RdKafka::Producer::RK_MSG_COPY, bytes->data(),
                           bytes->size(), nullptr, 0, 0, nullptr);
      ids.insert(event.event_id());
    }
    (*producer)->flush(10'000);
    return ids;
  }

  // A loop of the test group writing to `sink`.
  struct Member {
    ConsumerStatus status{"member", kGroup, kTopic};
    std::unique_ptr<DeadLetterPublisher> dead_letters;
    std::unique_ptr<ConsumerLoop> loop;
  };
  std::unique_ptr<Member> start(FakeSink& sink, std::chrono::milliseconds batch_wait) {
    auto member = std::make_unique<Member>();
    auto dead_letters = DeadLetterPublisher::create(connection(), kDlt, kGroup);
    EXPECT_TRUE(dead_letters.has_value());
    member->dead_letters = std::move(*dead_letters);
    LoopOptions options;
    options.topic = kTopic;
    options.batch_size = 10'000;
    options.batch_max_wait = batch_wait;
    options.outage_backoff = {10ms, 50ms};
    options.retry_backoff = {10ms, 50ms};
    member->loop = std::make_unique<ConsumerLoop>(
        options, LoopDependencies{.key_deserializer = &keys_,
                                  .value_deserializer = &values_,
                                  .catalogue = &catalogue_,
                                  .sinks = {&sink},
                                  .dead_letters = member->dead_letters.get(),
                                  .status = &member->status,
                                  .faults = nullptr,
                                  .registry_probe = {}});
    // The membership the service uses (classic protocol: cooperative-sticky, incremental).
    kafka::ConfigMap settings = connection();
    settings.merge(groupClientSettings(GroupSettings{.group = kGroup,
                                                     .protocol = GroupProtocol::kClassic,
                                                     .instance_id = "",
                                                     .session_timeout_ms = 6000,
                                                     .heartbeat_interval_ms = 200}));
    auto started = member->loop->start(settings);
    EXPECT_TRUE(started.has_value()) << started.error().toString();
    return member;
  }

  // The group's committed offset per partition (-1001 when none).
  std::map<std::int32_t, std::int64_t> committedOffsets() {
    kafka::ConfigMap settings = connection();
    settings["group.id"] = kGroup;
    auto consumer = kafka::createConsumer(settings);
    EXPECT_TRUE(consumer.has_value());
    kafka::TopicPartitionList list;
    for (int partition = 0; partition < kPartitions; ++partition) list.add(kTopic, partition);
    (*consumer)->committed(list.items, 10'000);
    std::map<std::int32_t, std::int64_t> offsets;
    for (const auto* item : list.items) offsets[item->partition()] = item->offset();
    return offsets;
  }

  MockCluster cluster_;
  std::shared_ptr<schema_registry::testing::InMemorySchemaSource> registry_ =
      std::make_shared<schema_registry::testing::InMemorySchemaSource>();
  serde::Serializer<::events::UserBehaviorEvent> serializer_{registry_};
  EventDecoder::KeyDeserializer keys_{registry_};
  EventDecoder::ValueDeserializer values_{registry_};
  events::Catalogue catalogue_;
};

std::set<std::string> storedSet(const FakeSink& sink) {
  const auto stored = sink.stored();
  return {stored.begin(), stored.end()};
}

TEST_F(ConsumerLoopTest, SinkOutagePausesProbesUntilItAnswersThenResumesAndCommitsAll) {
  const auto ids = produce(40);
  FakeSink sink;
  sink.goDown(/*writes=*/1, /*probes=*/2);
  auto member = start(sink, 50ms);
  ASSERT_TRUE(waitFor([&] { return storedSet(sink) == ids; }));
  member->loop->stop();
  EXPECT_EQ(storedSet(sink), ids);
  EXPECT_EQ(sink.probeCalls(), 3);  // two refused, the third answered
  const auto committed = committedOffsets();
  for (int partition = 0; partition < kPartitions; ++partition) {
    EXPECT_EQ(committed.at(partition), 10) << partition;
  }
}

TEST_F(ConsumerLoopTest, RevocationWithABatchInHandFinishesAndCommitsItFirst) {
  const auto ids = produce(200);
  FakeSink first_sink;
  FakeSink second_sink;
  // A long batch window: the first member still holds its batch when the second joins.
  auto first = start(first_sink, 3'000ms);
  ASSERT_TRUE(waitFor([&] { return first->status.counters().consumed.load() > 0; }));
  auto second = start(second_sink, 50ms);
  const auto both = [&] {
    std::set<std::string> stored = storedSet(first_sink);
    stored.merge(storedSet(second_sink));
    return stored;
  };
  ASSERT_TRUE(waitFor([&] { return both() == ids; }));
  // The second member owns partitions once the rebalance completed.
  ASSERT_TRUE(waitFor([&] { return !second->status.snapshot().partitions.empty(); }));
  first->loop->stop();
  second->loop->stop();
  // Nothing is lost and every partition is committed to its end, whoever wrote what: the first
  // member finished its batch and committed (again, if the broker refused it mid-rebalance)
  // before giving partitions away.
  const auto committed = committedOffsets();
  for (int partition = 0; partition < kPartitions; ++partition) {
    EXPECT_EQ(committed.at(partition), 50) << partition;
  }
}

// librdkafka keeps a partition's pause (rd_kafka_pause_partitions) across its revocation and a
// later assignment to the same member, while the loop forgets all it knew of a revoked
// partition. A partition revoked while paused for an outage, the outage over, then given back
// must fetch again (seen as one partition stuck after a rebalance scenario).
TEST_F(ConsumerLoopTest, PartitionRevokedWhilePausedFetchesWhenAssignedAgain) {
  produce(40);
  FakeSink first_sink;
  first_sink.goDown(/*writes=*/1, /*probes=*/1'000'000);
  auto first = start(first_sink, 50ms);
  ASSERT_TRUE(waitFor([&] { return first_sink.probeCalls() > 0; }));
  // A second member takes half of the partitions, paused at the first, away from it.
  FakeSink second_sink;
  auto second = start(second_sink, 50ms);
  ASSERT_TRUE(waitFor([&] { return !second->status.snapshot().partitions.empty(); }));
  // The outage ends; the first member resumes what it kept; the second leaves and gives its
  // partitions back.
  first_sink.goDown(0, 0);
  second->loop->stop();
  ASSERT_TRUE(waitFor([&] { return first->status.snapshot().partitions.size() == kPartitions; }));
  const auto more = produce(40, 40);
  const auto first_has_all = [&] {
    const auto stored = storedSet(first_sink);
    return std::includes(stored.begin(), stored.end(), more.begin(), more.end());
  };
  EXPECT_TRUE(waitFor(first_has_all)) << "a partition stayed paused after its reassignment";
  first->loop->stop();
  const auto committed = committedOffsets();
  for (int partition = 0; partition < kPartitions; ++partition) {
    EXPECT_EQ(committed.at(partition), 20) << partition;
  }
}

}  // namespace
}  // namespace tracker::event_consumer
