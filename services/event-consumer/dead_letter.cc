#include "dead_letter.h"

#include "errors.h"
#include "kafka/awaited_delivery.h"
#include "kafka/topic_metadata.h"

#include <algorithm>
#include <memory>
#include <string_view>

namespace tracker::event_consumer {
namespace {

constexpr std::size_t kMaxMessageBytes = 4096;

std::string bigEndian(std::uint64_t value, int bytes) {
  std::string out(static_cast<std::size_t>(bytes), '\0');
  for (int i = bytes - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

// Cuts at most `limit` bytes without splitting a UTF-8 sequence.
std::string truncateUtf8(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end);
}

// A header this file writes: an earlier failure's copy is dropped, not repeated.
bool isDeadLetterHeader(std::string_view name) {
  return name.starts_with("kafka_dlt-") || name == "x-tracker-stage" ||
         name == "x-tracker-error-code" || name == "x-tracker-attempts";
}

}  // namespace

const char* stageName(Stage stage) {
  switch (stage) {
    case Stage::kDecode:
      return "decode";
    case Stage::kValidate:
      return "validate";
    case Stage::kPostgres:
      return "postgres";
    case Stage::kSearch:
      return "search";
  }
  return "unknown";
}

std::string exceptionClassName(Stage stage) {
  switch (stage) {
    case Stage::kDecode:
      return "tracker.event_consumer.DecodeException";
    case Stage::kValidate:
      return "tracker.event_consumer.ValidationException";
    case Stage::kPostgres:
      return "tracker.event_consumer.PostgresSinkException";
    case Stage::kSearch:
      return "tracker.event_consumer.SearchSinkException";
  }
  return "tracker.event_consumer.Exception";
}

HeaderList deadLetterHeaders(const ConsumedRecord& record, const Failure& failure,
                             const std::string& group) {
  HeaderList headers;
  for (const auto& [name, value] : record.headers) {
    if (!isDeadLetterHeader(name)) headers.emplace_back(name, value);
  }
  headers.emplace_back("kafka_dlt-original-topic", record.topic);
  headers.emplace_back("kafka_dlt-original-partition",
                       bigEndian(static_cast<std::uint32_t>(record.partition), 4));
  headers.emplace_back("kafka_dlt-original-offset",
                       bigEndian(static_cast<std::uint64_t>(record.offset), 8));
  if (record.timestamp_ms >= 0) {
    headers.emplace_back("kafka_dlt-original-timestamp",
                         bigEndian(static_cast<std::uint64_t>(record.timestamp_ms), 8));
    if (!record.timestamp_type.empty()) {
      headers.emplace_back("kafka_dlt-original-timestamp-type", record.timestamp_type);
    }
  }
  headers.emplace_back("kafka_dlt-original-consumer-group", group);
  headers.emplace_back("kafka_dlt-exception-fqcn", exceptionClassName(failure.stage));
  headers.emplace_back("kafka_dlt-exception-message",
                       truncateUtf8(failure.code + ": " + failure.message, kMaxMessageBytes));
  headers.emplace_back("x-tracker-stage", stageName(failure.stage));
  headers.emplace_back("x-tracker-error-code", failure.code);
  headers.emplace_back("x-tracker-attempts", std::to_string(failure.attempts));
  return headers;
}

DeadLetterPublisher::DeadLetterPublisher(std::unique_ptr<kafka::AwaitedDeliveryReports> reports,
                                         kafka::ProducerPtr producer, std::string dlt_topic,
                                         std::string group)
    : reports_(std::move(reports)),
      producer_(std::move(producer)),
      dlt_topic_(std::move(dlt_topic)),
      group_(std::move(group)) {}

DeadLetterPublisher::~DeadLetterPublisher() {
  // publishAll() waits for every message, so nothing should be queued; bound the wait anyway.
  if (producer_) producer_->flush(5'000);
}

common::Result<std::unique_ptr<DeadLetterPublisher>> DeadLetterPublisher::create(
    kafka::ConfigMap kafka, std::string dlt_topic, std::string group) {
  auto reports = std::make_unique<kafka::AwaitedDeliveryReports>();
  kafka::ClientCallbacks callbacks;
  callbacks.delivery_report = reports.get();
  // Dead letters are waited for batch by batch: no lingering.
  kafka.emplace("linger.ms", "0");
  kafka.emplace("message.timeout.ms", "30000");
  auto producer = kafka::createReliableProducer(std::move(kafka), callbacks);
  if (!producer) return tl::unexpected(producer.error());
  return std::unique_ptr<DeadLetterPublisher>(new DeadLetterPublisher(
      std::move(reports), std::move(*producer), std::move(dlt_topic), std::move(group)));
}

common::Result<void> DeadLetterPublisher::checkPartitions(const std::string& topic,
                                                          std::chrono::milliseconds timeout) {
  const auto count = [&](const std::string& name) -> common::Result<std::int32_t> {
    auto partitions = kafka::topicPartitionCount(*producer_, name, timeout);
    if (!partitions) {
      return common::makeError(std::string(errc::kDeadLetterMetadata),
                               name + ": " + partitions.error().message);
    }
    return *partitions;
  };
  auto source = count(topic);
  if (!source) return tl::unexpected(source.error());
  auto dlt = count(dlt_topic_);
  if (!dlt) return tl::unexpected(dlt.error());
  if (*dlt < *source) {
    return common::makeError(std::string(errc::kDeadLetterPartitionCount),
                             dlt_topic_ + " has " + std::to_string(*dlt) + " partitions, " + topic +
                                 " has " + std::to_string(*source) +
                                 ": dead letters could not keep their partition");
  }
  return {};
}

std::vector<common::Result<void>> DeadLetterPublisher::publishAll(
    const std::vector<Letter>& letters, std::chrono::milliseconds timeout) {
  std::vector<kafka::OutgoingRecord> records;
  records.reserve(letters.size());
  for (const Letter& letter : letters) {
    const ConsumedRecord& record = *letter.record;
    records.push_back({dlt_topic_, record.partition, record.key ? &*record.key : nullptr,
                       record.value ? &*record.value : nullptr,
                       deadLetterHeaders(record, *letter.failure, group_)});
  }
  auto acknowledgements = kafka::produceAndAwait(*producer_, records, timeout);
  // A letter too large for the DLT (the original was near the size limit, and the letter adds
  // headers) would fail the same way for ever: it goes again cut down (truncatedForDlt).
  std::vector<std::size_t> too_large;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (isTooLarge(acknowledgements[i].error)) too_large.push_back(i);
  }
  if (!too_large.empty()) {
    std::vector<ConsumedRecord> cut;
    cut.reserve(too_large.size());
    std::vector<kafka::OutgoingRecord> again;
    for (const std::size_t i : too_large) {
      cut.push_back(truncatedForDlt(*letters[i].record));
      const ConsumedRecord& record = cut.back();
      again.push_back({dlt_topic_, record.partition, record.key ? &*record.key : nullptr,
                       record.value ? &*record.value : nullptr,
                       deadLetterHeaders(record, *letters[i].failure, group_)});
    }
    const auto retried = kafka::produceAndAwait(*producer_, again, timeout);
    for (std::size_t j = 0; j < too_large.size(); ++j) acknowledgements[too_large[j]] = retried[j];
  }
  std::vector<common::Result<void>> results(letters.size());
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (!acknowledgements[i].ok()) {
      results[i] = common::makeError(std::string(errc::kDeadLetterProduceFailed),
                                     acknowledgements[i].error_text);
    }
  }
  return results;
}

bool isTooLarge(RdKafka::ErrorCode error) {
  return error == RdKafka::ERR_MSG_SIZE_TOO_LARGE || error == RdKafka::ERR_RECORD_LIST_TOO_LARGE;
}

ConsumedRecord truncatedForDlt(const ConsumedRecord& record) {
  ConsumedRecord cut;
  cut.topic = record.topic;
  cut.partition = record.partition;
  cut.offset = record.offset;
  cut.timestamp_ms = record.timestamp_ms;
  cut.timestamp_type = record.timestamp_type;
  const auto prefix = [](const std::optional<std::string>& bytes, std::size_t limit) {
    return bytes ? std::optional<std::string>(bytes->substr(0, limit)) : std::nullopt;
  };
  cut.key = prefix(record.key, kTruncatedKeyBytes);
  cut.value = prefix(record.value, kTruncatedValueBytes);
  const auto size = [](const std::optional<std::string>& bytes) {
    return std::to_string(bytes ? bytes->size() : 0);
  };
  // Stands where the record's own headers were (they are dropped: they may be what is large).
  cut.headers.emplace_back(std::string(kTruncatedHeader),
                           "key " + size(record.key) + " bytes, value " + size(record.value) +
                               " bytes, " + std::to_string(record.headers.size()) +
                               " headers dropped");
  return cut;
}

}  // namespace tracker::event_consumer
