#include "replayer.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <thread>

namespace tracker::event_dlt_monitor {
namespace {

constexpr auto kAckTimeout = std::chrono::seconds(30);

}  // namespace

Replayer::Replayer(std::unique_ptr<kafka::AwaitedDeliveryReports> reports,
                   kafka::ProducerPtr producer, std::string topic, DeadLetterStore& store)
    : reports_(std::move(reports)),
      producer_(std::move(producer)),
      topic_(std::move(topic)),
      store_(store) {}

Replayer::~Replayer() {
  if (producer_) producer_->flush(5'000);
}

common::Result<std::unique_ptr<Replayer>> Replayer::create(kafka::ConfigMap kafka,
                                                           std::string topic,
                                                           DeadLetterStore& store) {
  auto reports = std::make_unique<kafka::AwaitedDeliveryReports>();
  kafka::ClientCallbacks callbacks;
  callbacks.delivery_report = reports.get();
  kafka.emplace("linger.ms", "5");
  kafka.emplace("message.timeout.ms", "20000");
  kafka.emplace("client.id", "event-dlt-monitor-replay");
  auto producer = kafka::createReliableProducer(std::move(kafka), callbacks);
  if (!producer) return tl::unexpected(producer.error());
  return std::unique_ptr<Replayer>(
      new Replayer(std::move(reports), std::move(*producer), std::move(topic), store));
}

void Replayer::sendChunk(const std::vector<ReplayJob>& jobs, ReplayOutcome& outcome,
                         std::vector<ReplayJob>& failed_jobs) {
  std::vector<kafka::OutgoingRecord> records;
  records.reserve(jobs.size());
  for (const ReplayJob& job : jobs) {
    records.push_back({topic_,
                       job.original.partition,
                       job.key ? &*job.key : nullptr,
                       job.value ? &*job.value : nullptr,
                       {{"x-tracker-replay-of", formatCoordinates(job.root)},
                        {"x-tracker-replay-count", std::to_string(job.next_replay_count)}}});
  }
  const auto acknowledgements = kafka::produceAndAwait(*producer_, records, kAckTimeout);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const kafka::Acknowledgement& ack = acknowledgements[i];
    if (ack.ok()) {
      outcome.replayed.push_back(
          {jobs[i].id, {topic_, ack.partition, ack.offset}, jobs[i].next_replay_count});
    } else {
      outcome.failed.emplace_back(jobs[i].id, ack.error_text);
      failed_jobs.push_back(jobs[i]);
    }
  }
}

common::Result<ReplayOutcome> Replayer::replay(const std::vector<std::int64_t>& ids,
                                               const std::string& actor,
                                               const std::optional<std::string>& reason,
                                               int rate_per_second) {
  const std::lock_guard lock(one_at_a_time_);
  ReplayOutcome outcome;
  const int rate = std::max(1, rate_per_second);
  // Chunks of a quarter second's worth: paced, yet one claim, one wait for acknowledgements and
  // one audit statement per chunk, not per row (chunks of a tenth of a second reached only 80 %
  // of 1,000/s: the three round trips took longer than the slot).
  const std::size_t chunk_size = static_cast<std::size_t>(std::max(1, rate / 4));
  const auto chunk_period =
      std::chrono::microseconds(1'000'000LL * static_cast<long long>(chunk_size) / rate);
  auto next_start = std::chrono::steady_clock::now();
  for (std::size_t begin = 0; begin < ids.size(); begin += chunk_size) {
    std::this_thread::sleep_until(next_start);
    next_start += chunk_period;
    const std::vector<std::int64_t> chunk(
        ids.begin() + static_cast<std::ptrdiff_t>(begin),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), begin + chunk_size)));
    auto jobs = store_.claimForReplay(chunk);
    if (!jobs) {
      if (outcome.replayed.empty() && outcome.failed.empty()) return tl::unexpected(jobs.error());
      for (std::size_t i = begin; i < ids.size(); ++i) {
        outcome.failed.emplace_back(ids[i], jobs.error().message);
      }
      break;
    }
    std::set<std::int64_t> claimed;
    for (const ReplayJob& job : *jobs) claimed.insert(job.id);
    for (const std::int64_t id : chunk) {
      if (!claimed.contains(id)) outcome.skipped.push_back(id);
    }
    std::vector<ReplayJob> failed_jobs;
    const std::size_t replayed_before = outcome.replayed.size();
    sendChunk(*jobs, outcome, failed_jobs);
    const std::vector<ReplayReceipt> receipts(
        outcome.replayed.begin() + static_cast<std::ptrdiff_t>(replayed_before),
        outcome.replayed.end());
    // The broker has them: a failure to record that leaves the rows `replaying`, which the next
    // start sets back to new (a second replay is harmless, the sinks are idempotent).
    if (auto finished = store_.finishReplays(receipts, actor, reason); !finished) {
      std::fprintf(stderr, "event-dlt-monitor: recording %zu replays failed: %s\n", receipts.size(),
                   finished.error().toString().c_str());
    }
    if (!failed_jobs.empty()) {
      const std::string why = "kafka: " + outcome.failed.back().second;
      if (auto put_back = store_.failReplays(failed_jobs, actor, why); !put_back) {
        std::fprintf(stderr, "event-dlt-monitor: putting back %zu failed replays failed: %s\n",
                     failed_jobs.size(), put_back.error().toString().c_str());
      }
    }
    counters_.replayed.fetch_add(receipts.size(), std::memory_order_relaxed);
    counters_.failed.fetch_add(failed_jobs.size(), std::memory_order_relaxed);
    if (actor == "auto")
      counters_.compensated.fetch_add(receipts.size(), std::memory_order_relaxed);
  }
  return outcome;
}

}  // namespace tracker::event_dlt_monitor
