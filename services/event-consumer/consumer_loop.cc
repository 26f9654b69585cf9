#include "consumer_loop.h"

#include "events/clock.h"
#include "kafka/topic_partition_list.h"
#include "offset_plan.h"
#include "schema_registry/errors.h"
#include "serde/wire_format.h"

#include <iostream>
#include <limits>
#include <memory>

// The loop itself: batching, decoding, the sinks, retries, dead letters and outages.
// consumer_partitions.cc holds the partition and group side (commits, pause/seek, rebalances).

namespace tracker::event_consumer {
namespace {

using Clock = std::chrono::steady_clock;

std::size_t stageIndex(Stage stage) { return static_cast<std::size_t>(stage); }

// One line per dead letter, at most 20 a second: a flood of poison pills must not flood the log
// (the counters and /metrics keep the full count). Called by the consumer thread only.
void logDeadLetter(const ConsumedRecord& record, const Failure& failure) {
  static Clock::time_point window_start;
  static int in_window = 0;
  static std::uint64_t suppressed = 0;
  const auto now = Clock::now();
  if (now - window_start >= std::chrono::seconds(1)) {
    if (suppressed > 0) {
      std::cerr << "event-consumer: ... and " << suppressed << " more dead letters" << std::endl;
    }
    window_start = now;
    in_window = 0;
    suppressed = 0;
  }
  if (++in_window > 20) {
    ++suppressed;
    return;
  }
  std::cerr << "event-consumer: dead-lettered " << record.topic << "/" << record.partition << "@"
            << record.offset << " stage " << stageName(failure.stage) << ": " << failure.code
            << std::endl;
}

}  // namespace

ConsumerLoop::ConsumerLoop(LoopOptions options, LoopDependencies dependencies)
    : options_(std::move(options)), deps_(std::move(dependencies)) {
  // Events were validated at ingest against the clock of that moment; a replay days later must not
  // turn them into dead letters, so the time window is not checked here.
  limits_.max_age_ms = std::numeric_limits<std::int64_t>::max() / 4;
  limits_.max_future_ms = std::numeric_limits<std::int64_t>::max() / 4;
}

ConsumerLoop::~ConsumerLoop() { stop(); }

common::Result<void> ConsumerLoop::start(kafka::ConfigMap kafka) {
  kafka["enable.auto.commit"] = "false";
  kafka["enable.auto.offset.store"] = "false";
  kafka.emplace("auto.offset.reset", "earliest");
  kafka::ClientCallbacks callbacks;
  callbacks.rebalance = this;
  auto consumer = kafka::createConsumer(kafka, callbacks);
  if (!consumer) return tl::unexpected(consumer.error());
  const auto code = (*consumer)->subscribe({options_.topic});
  if (code != RdKafka::ERR_NO_ERROR) {
    return common::makeError("consumer.subscribe", RdKafka::err2str(code));
  }
  consumer_ = std::move(*consumer);
  active_ = consumer_.get();
  deps_.status->setRunning(true);
  thread_ = std::thread([this] { run(); });
  return {};
}

void ConsumerLoop::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ConsumerLoop::run() {
  while (!stopping_) {
    flushDeferredCommits();
    resumeDueRetries();
    if (outage_) {
      handleOutage();
    } else {
      collectBatch();
      if (!pending_.empty()) processPending();
    }
    refreshStatus(false);
  }
  // Shutdown: finish what is in hand (unless a sink is down), commit, leave the group. The
  // deleter's close() runs the final revocation through rebalance_cb on this thread, which works
  // on active_ (consumer_ is already empty by then).
  if (!pending_.empty() && !outage_) processPending();
  pending_.clear();
  // Leaving anyway: try what waited for a rebalance (a refused commit only means redelivery).
  rejoining_since_.reset();
  flushDeferredCommits();
  consumer_.reset();
  deps_.status->setPartitions({});
  deps_.status->setRunning(false);
}

void ConsumerLoop::collectBatch() {
  const auto first_deadline = Clock::now() + std::chrono::milliseconds(500);
  std::optional<Clock::time_point> batch_deadline;
  while (!stopping_ && pending_.size() < options_.batch_size && !outage_) {
    const auto deadline = batch_deadline.value_or(first_deadline);
    const auto now = Clock::now();
    if (now >= deadline) break;
    const auto wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
    std::unique_ptr<RdKafka::Message> message(active_->consume(static_cast<int>(wait)));
    if (!message) continue;
    switch (message->err()) {
      case RdKafka::ERR_NO_ERROR:
        break;
      case RdKafka::ERR__TIMED_OUT:
      case RdKafka::ERR__PARTITION_EOF:
        continue;
      default:
        std::cerr << "event-consumer: consume: " << message->errstr() << std::endl;
        if (message->err() == RdKafka::ERR__FATAL) stopping_ = true;
        continue;
    }
    if (paused_.contains(message->partition())) continue;  // fetched before the pause took hold
    ConsumedRecord record;
    record.topic = message->topic_name();
    record.partition = message->partition();
    record.offset = message->offset();
    const auto timestamp = message->timestamp();
    if (timestamp.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) {
      record.timestamp_ms = timestamp.timestamp;
      record.timestamp_type = timestamp.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_CREATE_TIME
                                  ? "CreateTime"
                                  : "LogAppendTime";
    }
    if (message->key_pointer() != nullptr) {
      record.key.emplace(static_cast<const char*>(message->key_pointer()), message->key_len());
    }
    if (message->payload() != nullptr) {
      record.value.emplace(static_cast<const char*>(message->payload()), message->len());
    }
    pending_.push_back(std::move(record));
    deps_.status->counters().consumed.fetch_add(1, std::memory_order_relaxed);
    if (!batch_deadline) batch_deadline = Clock::now() + options_.batch_max_wait;
  }
}

void ConsumerLoop::decode(Item& item) {
  const auto& record = item.record;
  const auto transient = [&](const common::Error& error) {
    item.retry = Failure{Stage::kDecode, "registry.unavailable", error.toString(), 0};
  };
  if (record.key) {
    auto key = deps_.key_deserializer->deserialize(*record.key);
    if (!key) {
      if (schema_registry::errc::isTransient(key.error())) return transient(key.error());
      item.dead = Failure{Stage::kDecode, key.error().code, "key: " + key.error().message, 1};
      return;
    }
  }
  if (!record.value) {
    item.dead = Failure{Stage::kDecode, "consumer.null_value", "record has no value", 1};
    return;
  }
  auto event = deps_.value_deserializer->deserialize(*record.value);
  if (!event) {
    if (schema_registry::errc::isTransient(event.error())) return transient(event.error());
    item.dead = Failure{Stage::kDecode, event.error().code, event.error().message, 1};
    return;
  }
  auto frame = serde::decodeFrame(*record.value, false);
  const auto problems =
      events::validateEvent(*event, limits_, *deps_.catalogue, events::systemNowMs());
  if (!problems.empty()) {
    std::string message;
    for (const auto& problem : problems) {
      if (!message.empty()) message += "; ";
      message += problem.field + ": " + problem.code + ": " + problem.message;
    }
    item.dead = Failure{Stage::kValidate, "events." + problems.front().code, message, 1};
    return;
  }
  DecodedEvent decoded;
  decoded.event = std::move(*event);
  decoded.partition = record.partition;
  decoded.offset = record.offset;
  decoded.schema_id = frame ? frame->schema_id : 0;
  item.decoded = std::move(decoded);
}

void ConsumerLoop::processPending() {
  const auto batch_started = Clock::now();  // for the batch latency histogram
  std::vector<Item> items;
  items.reserve(pending_.size());
  for (auto& record : pending_) {
    Item item;
    item.record = std::move(record);
    items.push_back(std::move(item));
  }
  pending_.clear();
  auto& counters = deps_.status->counters();

  // Abandons the whole batch: every partition goes back to its first record of the batch.
  const auto abandon = [&](const std::string& sink, const std::string& message) {
    std::map<std::int32_t, std::int64_t> first;
    for (const Item& item : items) first.emplace(item.record.partition, item.record.offset);
    std::vector<std::int32_t> all(assigned_.begin(), assigned_.end());
    pausePartitions(all);
    for (const auto& [partition, offset] : first) seekPartition(partition, offset);
    enterOutage(sink, message);
  };

  // 1. Decode and validate.
  for (Item& item : items) {
    decode(item);
    if (item.retry) return abandon("registry", item.retry->message);
  }

  // A record to retry holds back the later records of its partition, so that they reach the
  // sinks after it (order within the partition); they are read again after the retry.
  const auto holdBehindRetries = [&items] {
    std::set<std::int32_t> failing;
    for (Item& item : items) {
      if (failing.contains(item.record.partition)) {
        if (!item.retry) item.held = true;
      } else if (item.retry) {
        failing.insert(item.record.partition);
      }
    }
  };
  const auto inject = [this](Item& item, Stage stage) {
    if (!deps_.faults || !deps_.faults->enabled() || item.retry || item.held) return;
    const auto found = attempts_.find({item.record.partition, item.record.offset});
    const int attempt = (found == attempts_.end() ? 0 : found->second) + 1;
    if (auto failure = deps_.faults->failureFor(stage, item.decoded->event.event_id(), attempt)) {
      item.retry = Failure{stage, "fault.injected", *failure, 0};
    }
  };
  const auto writable = [](const Item* item) { return !item->retry && !item->held; };

  // 2. PostgreSQL: every decoded event.
  std::vector<Item*> to_write;
  for (Item& item : items) {
    if (!item.decoded) continue;
    inject(item, Stage::kPostgres);
    to_write.push_back(&item);
  }
  holdBehindRetries();
  std::erase_if(to_write, [&](const Item* item) { return !writable(item); });
  if (deps_.postgres != nullptr && !to_write.empty()) {
    std::vector<const DecodedEvent*> events;
    for (Item* item : to_write) events.push_back(&*item->decoded);
    auto outcomes = deps_.postgres->writeIsolating(events);
    if (!outcomes) return abandon("postgres", outcomes.error().toString());
    std::size_t written = 0;
    for (std::size_t i = 0; i < to_write.size(); ++i) {
      if (const auto& error = (*outcomes)[i]) {
        to_write[i]->retry = Failure{Stage::kPostgres, error->code, error->message, 0};
      } else {
        ++written;
      }
    }
    counters.written_postgres.fetch_add(written, std::memory_order_relaxed);
    holdBehindRetries();
  }

  // 3. Search: post events that PostgreSQL took.
  if (deps_.search != nullptr) {
    std::vector<Item*> posts;
    for (Item* item : to_write) {
      if (writable(item) && deps_.catalogue->isPostEvent(item->decoded->event.event_type())) {
        inject(*item, Stage::kSearch);
        posts.push_back(item);
      }
    }
    holdBehindRetries();
    std::erase_if(posts, [&](const Item* item) { return !writable(item); });
    if (!posts.empty()) {
      std::vector<const DecodedEvent*> events;
      for (Item* item : posts) events.push_back(&*item->decoded);
      auto results = deps_.search->write(events);
      if (!results) return abandon("search", results.error().toString());
      std::size_t written = 0;
      for (std::size_t i = 0; i < posts.size(); ++i) {
        const BulkItemResult& result = (*results)[i];
        const std::string code =
            "search." + (result.error_type.empty() ? "http_" + std::to_string(result.status)
                                                   : result.error_type);
        switch (result.outcome) {
          case BulkItemOutcome::kWritten:
          case BulkItemOutcome::kExisted:
            ++written;
            break;
          case BulkItemOutcome::kRejected:
            posts[i]->dead = Failure{Stage::kSearch, code, result.error_reason, 1};
            break;
          case BulkItemOutcome::kRetry:
            posts[i]->retry = Failure{Stage::kSearch, code, result.error_reason, 0};
            break;
        }
      }
      counters.written_search.fetch_add(written, std::memory_order_relaxed);
      holdBehindRetries();
    }
  }

  // 4. Retries: count the attempt; past the limit the failure becomes a dead letter.
  for (Item& item : items) {
    const auto key = std::make_pair(item.record.partition, item.record.offset);
    if (item.held) continue;
    if (!item.retry) {
      attempts_.erase(key);
      continue;
    }
    const int attempts = ++attempts_[key];
    if (attempts >= options_.retry_attempts) {
      item.dead = *item.retry;
      item.dead->attempts = attempts;
      item.retry.reset();
      attempts_.erase(key);
    } else {
      counters.retried.fetch_add(1, std::memory_order_relaxed);
    }
  }

  // 5. Dead letters, in order, only up to a partition's first unfinished record (records after it
  //    are processed again later and must not be dead-lettered twice); all of them sent at once,
  //    then each partition finishes up to its first letter the broker did not acknowledge.
  std::set<std::int32_t> blocked;
  std::vector<Item*> finishing;
  std::vector<DeadLetterPublisher::Letter> letters;
  for (Item& item : items) {
    if (blocked.contains(item.record.partition)) continue;
    if (item.retry || item.held) {
      blocked.insert(item.record.partition);
      continue;
    }
    finishing.push_back(&item);
    if (item.dead) letters.push_back({&item.record, &*item.dead});
  }
  std::vector<common::Result<void>> published;
  if (!letters.empty()) {
    published = deps_.dead_letters->publishAll(letters, options_.dead_letter_timeout);
  }
  blocked.clear();
  std::size_t letter = 0;
  for (Item* item : finishing) {
    const auto partition = item->record.partition;
    if (item->dead) {
      const common::Result<void>& result = published[letter++];
      if (blocked.contains(partition)) continue;
      if (!result) {
        blocked.insert(partition);
        enterOutage("dlt", result.error().toString());
        continue;
      }
      counters.dead_lettered[stageIndex(item->dead->stage)].fetch_add(1, std::memory_order_relaxed);
      logDeadLetter(item->record, *item->dead);
    } else if (blocked.contains(partition)) {
      continue;
    }
    item->done = true;
  }

  // 6. Commit past the finished records; go back to the first unfinished one.
  std::vector<RecordState> states;
  states.reserve(items.size());
  for (const Item& item : items) {
    states.push_back({item.record.partition, item.record.offset,
                      item.done ? Disposition::kDone : Disposition::kPending});
  }
  std::map<std::int32_t, std::int64_t> commits;
  std::vector<std::int32_t> to_pause;
  std::map<std::int32_t, std::int64_t> to_seek;
  for (const auto& [partition, plan] : planPartitions(states)) {
    if (!assigned_.contains(partition)) continue;
    if (plan.commit_offset) commits[partition] = *plan.commit_offset;
    if (plan.first_unfinished) {
      to_pause.push_back(partition);
      to_seek[partition] = *plan.first_unfinished;
    }
  }
  commit(commits);
  deps_.status->counters().recordBatch(Clock::now() - batch_started, items.size());
  if (to_pause.empty()) return;
  pausePartitions(to_pause);
  for (const auto& [partition, offset] : to_seek) {
    seekPartition(partition, offset);
    if (outage_) continue;  // resumed when the outage ends
    auto found = attempts_.find({partition, offset});
    const int attempts = found == attempts_.end() ? 1 : found->second;
    resume_at_[partition] = Clock::now() + options_.retry_backoff.delayAfter(attempts);
  }
}

void ConsumerLoop::enterOutage(const std::string& sink, const std::string& message) {
  if (!outage_) {
    std::cerr << "event-consumer: " << sink << " unavailable, pausing: " << message << std::endl;
  }
  outage_ = Outage{sink, message, 0, Clock::now() + options_.outage_backoff.delayAfter(1)};
  deps_.status->setSinkDown(sink, message);
}

void ConsumerLoop::handleOutage() {
  // Keep polling while paused so the group does not consider this member dead
  // (max.poll.interval.ms); paused partitions deliver nothing.
  std::unique_ptr<RdKafka::Message> message(active_->consume(100));
  if (message && message->err() == RdKafka::ERR_NO_ERROR) {
    // A partition assigned during the outage: put it back and hold it too.
    pausePartitions({message->partition()});
    seekPartition(message->partition(), message->offset());
  }
  if (stopping_ || Clock::now() < outage_->next_probe) return;
  common::Result<void> probe;
  if (outage_->sink == "postgres" && deps_.postgres != nullptr) {
    probe = deps_.postgres->probe();
  } else if (outage_->sink == "search" && deps_.search != nullptr) {
    probe = deps_.search->probe();
  } else if (outage_->sink == "registry" && deps_.registry_probe) {
    probe = deps_.registry_probe();
  }
  if (!probe) {
    ++outage_->probes;
    outage_->next_probe = Clock::now() + options_.outage_backoff.delayAfter(outage_->probes + 1);
    outage_->message = probe.error().toString();
    deps_.status->setSinkDown(outage_->sink, outage_->message);
    return;
  }
  std::cerr << "event-consumer: " << outage_->sink << " is back, resuming" << std::endl;
  deps_.status->setSinkDown(outage_->sink, std::nullopt);
  outage_.reset();
  std::vector<std::int32_t> to_resume;
  for (auto partition : paused_) {
    if (!resume_at_.contains(partition)) to_resume.push_back(partition);
  }
  resumePartitions(to_resume);
}

void ConsumerLoop::resumeDueRetries() {
  if (outage_) return;
  const auto now = Clock::now();
  std::vector<std::int32_t> due;
  for (auto it = resume_at_.begin(); it != resume_at_.end();) {
    if (it->second <= now) {
      due.push_back(it->first);
      it = resume_at_.erase(it);
    } else {
      ++it;
    }
  }
  resumePartitions(due);
}

}  // namespace tracker::event_consumer
