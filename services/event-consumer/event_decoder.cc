#include "event_decoder.h"

#include "errors.h"
#include "events/clock.h"
#include "schema_registry/errors.h"

#include <limits>

namespace tracker::event_consumer {
namespace {

DecodeResult refused(const common::Error& error, const std::string& prefix) {
  if (schema_registry::errc::isTransient(error)) return {std::nullopt, std::nullopt, error};
  return {std::nullopt, Failure{Stage::kDecode, error.code, prefix + error.message, 1},
          std::nullopt};
}

}  // namespace

EventDecoder::EventDecoder(KeyDeserializer& keys, ValueDeserializer& values,
                           const events::Catalogue& catalogue)
    : keys_(keys), values_(values), catalogue_(catalogue) {
  limits_.max_age_ms = std::numeric_limits<std::int64_t>::max() / 4;
  limits_.max_future_ms = std::numeric_limits<std::int64_t>::max() / 4;
}

DecodeResult EventDecoder::decode(const ConsumedRecord& record) {
  if (record.key) {
    auto key = keys_.deserialize(*record.key);
    if (!key) return refused(key.error(), "key: ");
  }
  if (!record.value) {
    return {std::nullopt,
            Failure{Stage::kDecode, std::string(errc::kNullValue), "record has no value", 1},
            std::nullopt};
  }
  auto value = values_.deserialize(*record.value);
  if (!value) return refused(value.error(), "");
  const auto problems =
      events::validateEvent(value->message, limits_, catalogue_, events::systemNowMs());
  if (!problems.empty()) {
    std::string message;
    for (const auto& problem : problems) {
      if (!message.empty()) message += "; ";
      message += problem.field + ": " + problem.code + ": " + problem.message;
    }
    return {std::nullopt, Failure{Stage::kValidate, "events." + problems.front().code, message, 1},
            std::nullopt};
  }
  DecodedEvent decoded;
  decoded.event = std::move(value->message);
  decoded.partition = record.partition;
  decoded.offset = record.offset;
  decoded.schema_id = value->schema_id;
  return {std::move(decoded), std::nullopt, std::nullopt};
}

}  // namespace tracker::event_consumer
