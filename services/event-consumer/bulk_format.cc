#include "bulk_format.h"

#include "copy_format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace tracker::event_consumer {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

void setIfPresent(nlohmann::json& document, const char* name, const std::string& value) {
  if (!value.empty()) document[name] = value;
}

std::vector<std::string> splitTags(std::string_view text) {
  std::vector<std::string> tags;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view tag = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (!tag.empty()) tags.emplace_back(tag);
  }
  return tags;
}

std::string stringField(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

}  // namespace

std::string searchDocument(const DecodedEvent& decoded) {
  const auto& event = decoded.event;
  nlohmann::json document = nlohmann::json::object();
  document["event_id"] = event.event_id();
  document["event_type"] = event.event_type();
  document["user_id"] = event.user_id();
  setIfPresent(document, "target_user_id", event.target_user_id());
  document["timestamp"] = event.timestamp();
  setIfPresent(document, "device_type", event.device_type());
  setIfPresent(document, "source_channel", event.source_channel());
  nlohmann::json extra = nlohmann::json::object();
  for (const auto& [key, value] : event.extra_data()) extra[key] = value;
  for (const char* lifted : {"post_id", "title", "content"}) {
    auto found = event.extra_data().find(lifted);
    if (found != event.extra_data().end()) setIfPresent(document, lifted, found->second);
  }
  if (auto tags = event.extra_data().find("tags"); tags != event.extra_data().end()) {
    auto list = splitTags(tags->second);
    if (!list.empty()) document["tags"] = std::move(list);
  }
  document["extra_data"] = std::move(extra);
  document["kafka_partition"] = decoded.partition;
  document["kafka_offset"] = decoded.offset;
  document["schema_id"] = decoded.schema_id;
  return document.dump(-1, ' ', false, kReplace);
}

void appendBulkCreate(std::string& out, const DecodedEvent& decoded) {
  nlohmann::json action = {{"create", {{"_id", decoded.event.event_id()}}}};
  out += action.dump(-1, ' ', false, kReplace);
  out += '\n';
  out += searchDocument(decoded);
  out += '\n';
}

BulkItemOutcome classifyBulkItem(int status, std::string_view error_type) {
  if (status == 200 || status == 201) return BulkItemOutcome::kWritten;
  if (status == 409) return BulkItemOutcome::kExisted;
  // The index's state, not the document: a write block (flood stage, an operator), a closed or
  // deleted index or alias, credentials or roles taken away.
  constexpr std::array<std::string_view, 4> kOutageTypes = {
      "cluster_block_exception", "index_closed_exception", "index_not_found_exception",
      "security_exception"};
  if (status == 401 || status == 403 || status == 404 ||
      std::find(kOutageTypes.begin(), kOutageTypes.end(), error_type) != kOutageTypes.end()) {
    return BulkItemOutcome::kOutage;
  }
  if (status == 429 || status >= 500 || status < 200) return BulkItemOutcome::kRetry;
  if (status >= 400) return BulkItemOutcome::kRejected;
  return BulkItemOutcome::kRetry;  // other 2xx/3xx: unexpected for a create, do not count as done
}

std::optional<std::string> writeBlockIn(std::string_view settings_json) {
  constexpr std::array<std::string_view, 3> kBlocks = {"blocks.write", "blocks.read_only",
                                                       "blocks.read_only_allow_delete"};
  const auto root = nlohmann::json::parse(settings_json, nullptr, /*allow_exceptions=*/false);
  // {"<index>": {"settings": {...}}} or {"persistent": {...}, "transient": {...}}: flat keys two
  // or three objects down; walked with a stack, a server's answer is not trusted for depth.
  std::vector<const nlohmann::json*> pending{&root};
  while (!pending.empty()) {
    const nlohmann::json* object = pending.back();
    pending.pop_back();
    if (!object->is_object()) continue;
    for (auto it = object->begin(); it != object->end(); ++it) {
      if (it->is_object()) {
        pending.push_back(&*it);
        continue;
      }
      const bool set = (it->is_string() && it->get<std::string>() == "true") ||
                       (it->is_boolean() && it->get<bool>());
      const std::string& key = it.key();
      const bool is_block = std::any_of(kBlocks.begin(), kBlocks.end(), [&key](auto block) {
        return key.ends_with("." + std::string(block));
      });
      if (set && is_block) return key + "=true";
    }
  }
  return std::nullopt;
}

std::vector<std::pair<std::size_t, std::size_t>> bulkChunks(std::span<const std::size_t> item_bytes,
                                                            std::size_t max_bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> chunks;
  std::size_t begin = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < item_bytes.size(); ++i) {
    if (i > begin && bytes + item_bytes[i] > max_bytes) {
      chunks.emplace_back(begin, i);
      begin = i;
      bytes = 0;
    }
    bytes += item_bytes[i];
  }
  if (begin < item_bytes.size()) chunks.emplace_back(begin, item_bytes.size());
  return chunks;
}

common::Result<std::vector<BulkItemResult>> parseBulkResponse(std::string_view body,
                                                              std::size_t expected_items) {
  const auto invalid = [](const std::string& why) {
    return common::makeError("search.invalid_response", why);
  };
  const auto root = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return invalid("bulk answer is not a JSON object");
  const auto items = root.find("items");
  if (items == root.end() || !items->is_array()) return invalid("bulk answer has no items array");
  if (items->size() != expected_items) {
    return invalid("bulk answer has " + std::to_string(items->size()) + " items, expected " +
                   std::to_string(expected_items));
  }
  std::vector<BulkItemResult> results;
  results.reserve(items->size());
  for (const auto& item : *items) {
    // Each item is {"<action>": {...}}; the action name does not matter here.
    if (!item.is_object() || item.size() != 1 || !item.begin()->is_object()) {
      return invalid("bulk item is not {\"<action>\":{...}}");
    }
    const auto& detail = *item.begin();
    const auto status = detail.find("status");
    if (status == detail.end() || !status->is_number_integer()) {
      return invalid("bulk item without an integer status");
    }
    BulkItemResult result;
    result.status = status->get<int>();
    if (auto error = detail.find("error"); error != detail.end()) {
      if (error->is_object()) {
        result.error_type = stringField(*error, "type");
        result.error_reason = stringField(*error, "reason");
      } else if (error->is_string()) {
        result.error_reason = error->get<std::string>();
      }
    }
    result.outcome = classifyBulkItem(result.status, result.error_type);
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace tracker::event_consumer
