#include "header_view.h"

#include "common/base64.h"
#include "common/utf8.h"

#include <array>
#include <string_view>

namespace tracker::event_dlt_monitor {
namespace {

// The headers Spring writes as big-endian binary numbers.
constexpr std::array<std::string_view, 3> kBinaryNumberHeaders = {
    "kafka_dlt-original-partition", "kafka_dlt-original-offset", "kafka_dlt-original-timestamp"};

bool isBinaryNumber(std::string_view name) {
  for (const std::string_view binary : kBinaryNumberHeaders) {
    if (name == binary) return true;
  }
  return false;
}

}  // namespace

nlohmann::json headersForDisplay(const HeaderList& headers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    nlohmann::json entry = {{"name", name}, {"value", common::base64Encode(value)}};
    if (isBinaryNumber(name)) {
      if (const auto number = bigEndianNumber(value)) entry["number"] = *number;
    } else if (common::isValidUtf8(value)) {
      entry["text"] = value;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

nlohmann::json headersForStorage(const HeaderList& headers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    out.push_back({{"name", name}, {"value_base64", common::base64Encode(value)}});
  }
  return out;
}

HeaderList headersFromStorage(const nlohmann::json& stored) {
  HeaderList headers;
  if (!stored.is_array()) return headers;
  for (const auto& entry : stored) {
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        !entry.contains("value_base64") || !entry["value_base64"].is_string()) {
      continue;
    }
    auto value = common::base64Decode(entry["value_base64"].get<std::string>());
    if (!value) continue;
    headers.emplace_back(entry["name"].get<std::string>(), std::move(*value));
  }
  return headers;
}

}  // namespace tracker::event_dlt_monitor
