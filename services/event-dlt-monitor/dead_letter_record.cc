#include "dead_letter_record.h"

#include "common/parse.h"

#include <algorithm>

namespace tracker::event_dlt_monitor {
namespace {

std::optional<std::int64_t> decimal(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  auto value = common::parseInt64(*text);
  if (!value) return std::nullopt;
  return *value;
}

std::string text(std::optional<std::string_view> value) {
  return value ? std::string(*value) : std::string();
}

}  // namespace

std::optional<std::string_view> lastHeader(const HeaderList& headers, std::string_view name) {
  const auto found = std::find_if(headers.rbegin(), headers.rend(),
                                  [&](const auto& header) { return header.first == name; });
  if (found == headers.rend()) return std::nullopt;
  return std::string_view(found->second);
}

std::optional<std::int64_t> bigEndianNumber(std::string_view bytes) {
  if (bytes.size() != 4 && bytes.size() != 8) return std::nullopt;
  std::uint64_t value = 0;
  for (const char byte : bytes) value = (value << 8) | static_cast<unsigned char>(byte);
  if (bytes.size() == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
  return static_cast<std::int64_t>(value);
}

std::optional<Coordinates> parseCoordinates(std::string_view text) {
  const auto last = text.rfind('/');
  if (last == std::string_view::npos || last == 0) return std::nullopt;
  const auto middle = text.rfind('/', last - 1);
  if (middle == std::string_view::npos || middle == 0) return std::nullopt;
  auto partition = common::parseInt64(text.substr(middle + 1, last - middle - 1));
  auto offset = common::parseInt64(text.substr(last + 1));
  if (!partition || !offset || *partition < 0 || *partition > INT32_MAX || *offset < 0) {
    return std::nullopt;
  }
  return Coordinates{std::string(text.substr(0, middle)), static_cast<std::int32_t>(*partition),
                     *offset};
}

std::string formatCoordinates(const Coordinates& coordinates) {
  return coordinates.topic + "/" + std::to_string(coordinates.partition) + "/" +
         std::to_string(coordinates.offset);
}

DeadLetter readDeadLetter(RawDeadLetter record) {
  DeadLetter letter;
  const HeaderList& headers = record.headers;
  letter.original = record.dlt;
  const auto topic = lastHeader(headers, "kafka_dlt-original-topic");
  const auto partition = lastHeader(headers, "kafka_dlt-original-partition");
  const auto offset = lastHeader(headers, "kafka_dlt-original-offset");
  if (topic && partition && offset && !topic->empty()) {
    const auto partition_number = bigEndianNumber(*partition);
    const auto offset_number = bigEndianNumber(*offset);
    if (partition_number && offset_number && *partition_number >= 0 && *offset_number >= 0) {
      letter.original = {std::string(*topic), static_cast<std::int32_t>(*partition_number),
                         *offset_number};
    }
  }
  if (const auto timestamp = lastHeader(headers, "kafka_dlt-original-timestamp")) {
    letter.original_timestamp_ms = bigEndianNumber(*timestamp);
  }
  letter.stage = text(lastHeader(headers, "x-tracker-stage"));
  if (letter.stage.empty()) letter.stage = "unknown";
  letter.error_code = text(lastHeader(headers, "x-tracker-error-code"));
  letter.error_message = text(lastHeader(headers, "kafka_dlt-exception-message"));
  letter.attempts = static_cast<int>(std::clamp<std::int64_t>(
      decimal(lastHeader(headers, "x-tracker-attempts")).value_or(1), 0, 1'000'000));
  letter.consumer_group = text(lastHeader(headers, "kafka_dlt-original-consumer-group"));
  if (const auto root = lastHeader(headers, "x-tracker-replay-of")) {
    letter.replay_of = parseCoordinates(*root);
  }
  if (letter.replay_of) {
    letter.replay_count = static_cast<int>(std::clamp<std::int64_t>(
        decimal(lastHeader(headers, "x-tracker-replay-count")).value_or(1), 1, 1'000'000));
  }
  letter.dlt = std::move(record.dlt);
  letter.key = std::move(record.key);
  letter.value = std::move(record.value);
  letter.headers = std::move(record.headers);
  return letter;
}

}  // namespace tracker::event_dlt_monitor
