#include "console_state.h"

#include "common/parse.h"
#include "kafka/partition_lag.h"
#include "kafka/topic_metadata.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace tracker::event_dlt_monitor {
namespace {

constexpr auto kReuseFor = std::chrono::milliseconds(500);
constexpr auto kSchemasReuseFor = std::chrono::seconds(10);
constexpr auto kMetadataTimeout = std::chrono::milliseconds(2000);
constexpr int kWatermarkTimeoutMs = 500;

std::string iso(std::chrono::system_clock::time_point at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof(out), "%s.%03lldZ", text, static_cast<long long>(ms.count() % 1000));
  return out;
}

// A path segment for the registry (subjects are free text).
std::string percentEncoded(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kDigits[byte >> 4]);
      out.push_back(kDigits[byte & 0xf]);
    }
  }
  return out;
}

bool readsTopic(const kafka::GroupInfo& group, const std::string& topic) {
  for (const auto& partition : group.partitions) {
    if (partition.topic == topic) return true;
  }
  for (const auto& member : group.members) {
    for (const auto& [member_topic, partition] : member.assignment) {
      if (member_topic == topic) return true;
    }
  }
  return false;
}

nlohmann::json optionalNumber(std::optional<std::int64_t> value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::optional<std::string> instanceUrlOf(std::string_view client_id, std::string_view member_host) {
  const auto at = client_id.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view address = client_id.substr(at + 1);
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = address.substr(0, colon);
  const std::string_view port = address.substr(colon + 1);
  auto port_number = common::parseInt64(port);
  if (!port_number || *port_number < 1 || *port_number > 65535) return std::nullopt;
  if (host == "0.0.0.0" || host == "::" || host == "[::]") {
    while (member_host.starts_with('/')) member_host.remove_prefix(1);
    if (member_host.empty()) return std::nullopt;
    host = member_host;
  }
  return "http://" + std::string(host) + ":" + std::string(port);
}

std::optional<double> metricSum(std::string_view exposition, std::string_view name) {
  std::optional<double> sum;
  std::size_t start = 0;
  while (start < exposition.size()) {
    auto end = exposition.find('\n', start);
    if (end == std::string_view::npos) end = exposition.size();
    const std::string_view line = exposition.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with(name) || line.size() <= name.size()) continue;
    std::string_view rest = line.substr(name.size());
    if (rest.front() == '{') {
      const auto close = rest.rfind('}');
      if (close == std::string_view::npos) continue;
      rest = rest.substr(close + 1);
    }
    if (rest.empty() || rest.front() != ' ') continue;  // another metric with a longer name
    if (auto value = common::parseDouble(rest.substr(1))) sum = sum.value_or(0.0) + *value;
  }
  return sum;
}

common::Result<std::unique_ptr<ConsoleState>> ConsoleState::create(
    const kafka::ConfigMap& connection, ConsoleSources sources, DeadLetterStore& store) {
  kafka::ConfigMap admin = connection;
  admin["client.id"] = "event-dlt-monitor-console";
  auto groups = kafka::GroupAdmin::create(admin, std::chrono::seconds(3));
  if (!groups) return tl::unexpected(groups.error());
  auto metadata = kafka::createProducer(admin);
  if (!metadata) return tl::unexpected(metadata.error());
  // Short limits: a frozen instance must not hold the whole answer for long.
  auto http = http::Client::create({.connect_timeout = std::chrono::milliseconds(300),
                                    .request_timeout = std::chrono::milliseconds(800),
                                    .max_response_bytes = 4 * 1024 * 1024,
                                    .user_agent = "event-dlt-monitor-console"});
  if (!http) return tl::unexpected(http.error());
  return std::unique_ptr<ConsoleState>(new ConsoleState(
      std::move(*groups), std::move(*metadata), std::move(*http), std::move(sources), store));
}

ConsoleState::ConsoleState(std::unique_ptr<kafka::GroupAdmin> groups, kafka::ProducerPtr metadata,
                           http::Client http, ConsoleSources sources, DeadLetterStore& store)
    : groups_(std::move(groups)),
      metadata_(std::move(metadata)),
      http_(std::move(http)),
      sources_(std::move(sources)),
      store_(store) {}

std::optional<nlohmann::json> ConsoleState::getJson(const std::string& url, std::string& error) {
  auto response = http_.send({.method = http::Method::kGet, .url = url});
  if (!response) {
    error = response.error().message;
    return std::nullopt;
  }
  if (response->status != 200) {
    error = "HTTP " + std::to_string(response->status);
    return std::nullopt;
  }
  auto body = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    error = "not JSON";
    return std::nullopt;
  }
  return body;
}

nlohmann::json ConsoleState::topicWatermarks(const std::string& topic, nlohmann::json& errors) {
  nlohmann::json out = {{"name", topic}, {"partitions", nlohmann::json::array()}};
  auto count = kafka::topicPartitionCount(*metadata_, topic, kMetadataTimeout);
  if (!count) {
    errors.push_back(topic + ": " + count.error().message);
    return out;
  }
  for (std::int32_t partition = 0; partition < *count; ++partition) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    const auto code =
        metadata_->query_watermark_offsets(topic, partition, &low, &high, kWatermarkTimeoutMs);
    out["partitions"].push_back(
        {{"partition", partition},
         {"high_watermark",
          code == RdKafka::ERR_NO_ERROR ? nlohmann::json(high) : nlohmann::json(nullptr)}});
  }
  return out;
}

nlohmann::json ConsoleState::producer(nlohmann::json& errors) {
  if (sources_.producer_url.empty()) return nullptr;
  nlohmann::json out = {{"url", sources_.producer_url}, {"up", false}};
  auto response =
      http_.send({.method = http::Method::kGet, .url = sources_.producer_url + "/metrics"});
  if (!response || response->status != 200) {
    const std::string why =
        response ? "HTTP " + std::to_string(response->status) : response.error().message;
    out["error"] = why;
    errors.push_back("event-producer: " + why);
    return out;
  }
  out["up"] = true;
  out["error"] = nullptr;
  for (const char* name :
       {"tracker_producer_events_accepted_total", "tracker_producer_events_rejected_total"}) {
    const auto value = metricSum(response->body, name);
    out[std::string(name).substr(std::string_view("tracker_producer_").size())] =
        value ? nlohmann::json(static_cast<std::int64_t>(*value)) : nlohmann::json(nullptr);
  }
  return out;
}

nlohmann::json ConsoleState::groupsAndInstances(nlohmann::json& instances, nlohmann::json& errors) {
  nlohmann::json out = nlohmann::json::array();
  auto overview = groups_->describe(std::nullopt);
  if (!overview) {
    errors.push_back("groups: " + overview.error().message);
    return out;
  }
  for (const std::string& error : overview->errors) errors.push_back("groups: " + error);
  for (const kafka::GroupInfo& group : overview->groups) {
    if (!readsTopic(group, sources_.topic)) continue;
    nlohmann::json members = nlohmann::json::array();
    std::map<std::int32_t, std::string> owner;
    for (const kafka::GroupMember& member : group.members) {
      nlohmann::json partitions = nlohmann::json::array();
      for (const auto& [topic, partition] : member.assignment) {
        if (topic != sources_.topic) continue;
        partitions.push_back(partition);
        owner[partition] = member.member_id;
      }
      const auto url = instanceUrlOf(member.client_id, member.host);
      members.push_back({{"member_id", member.member_id},
                         {"client_id", member.client_id},
                         {"host", member.host},
                         {"group_instance_id", member.group_instance_id
                                                   ? nlohmann::json(*member.group_instance_id)
                                                   : nlohmann::json(nullptr)},
                         {"instance_url", url ? nlohmann::json(*url) : nlohmann::json(nullptr)},
                         {"partitions", partitions}});
      if (url) {
        std::string error;
        auto answered = getJson(*url + "/api/status", error);
        nlohmann::json status = answered ? std::move(*answered) : nlohmann::json(nullptr);
        instances.push_back(
            {{"url", *url},
             {"group", group.group_id},
             {"member_id", member.member_id},
             {"alive", !status.is_null()},
             {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)},
             {"status", std::move(status)}});
      }
    }
    nlohmann::json partitions = nlohmann::json::array();
    for (const kafka::GroupPartition& partition : group.partitions) {
      if (partition.topic != sources_.topic) continue;
      const auto found = owner.find(partition.partition);
      partitions.push_back({{"partition", partition.partition},
                            {"committed", optionalNumber(partition.committed)},
                            {"high_watermark", optionalNumber(partition.end_offset)},
                            {"lag", optionalNumber(kafka::partitionLag(
                                        partition.committed, std::nullopt, partition.end_offset))},
                            {"owner", found != owner.end() ? nlohmann::json(found->second)
                                                           : nlohmann::json(nullptr)}});
    }
    out.push_back({{"group_id", group.group_id},
                   {"protocol", group.type},
                   {"state", group.state},
                   {"assignor", group.assignor},
                   {"members", std::move(members)},
                   {"partitions", std::move(partitions)},
                   {"errors", group.errors}});
  }
  return out;
}

nlohmann::json ConsoleState::schemas(nlohmann::json& errors) {
  const auto now = std::chrono::steady_clock::now();
  if (!cached_schemas_.is_null() && now - schemas_at_ < kSchemasReuseFor) return cached_schemas_;
  std::string error;
  auto subjects = getJson(sources_.registry_url + "/subjects", error);
  if (!subjects || !subjects->is_array()) {
    errors.push_back("registry: " + (error.empty() ? std::string("not a list") : error));
    return nullptr;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& subject : *subjects) {
    if (!subject.is_string()) continue;
    const std::string name = subject.get<std::string>();
    const std::string base = sources_.registry_url + "/subjects/" + percentEncoded(name);
    std::string ignored;
    auto versions = getJson(base + "/versions", ignored);
    auto config =
        getJson(sources_.registry_url + "/config/" + percentEncoded(name) + "?defaultToGlobal=true",
                ignored);
    out.push_back({{"subject", name},
                   {"versions", versions ? *versions : nlohmann::json(nullptr)},
                   {"compatibility", config && config->contains("compatibilityLevel")
                                         ? (*config)["compatibilityLevel"]
                                         : nlohmann::json(nullptr)}});
  }
  cached_schemas_ = out;
  schemas_at_ = now;
  return out;
}

std::string ConsoleState::render() {
  const std::lock_guard lock(one_at_a_time_);
  const auto now = std::chrono::steady_clock::now();
  if (!cached_.empty() && now - cached_at_ < kReuseFor) return cached_;
  nlohmann::json errors = nlohmann::json::array();
  nlohmann::json instances = nlohmann::json::array();
  nlohmann::json state = {{"at", iso(std::chrono::system_clock::now())}};
  state["topic"] = topicWatermarks(sources_.topic, errors);
  state["dlt_topic"] = topicWatermarks(sources_.dlt_topic, errors);
  state["producer"] = producer(errors);
  state["groups"] = groupsAndInstances(instances, errors);
  state["instances"] = std::move(instances);
  if (auto summary = store_.summary()) {
    state["dead_letters"] = std::move(*summary);
  } else {
    state["dead_letters"] = nullptr;
    errors.push_back("postgres: " + summary.error().message);
  }
  state["schemas"] = schemas(errors);
  state["errors"] = std::move(errors);
  cached_ = state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  cached_at_ = std::chrono::steady_clock::now();
  return cached_;
}

}  // namespace tracker::event_dlt_monitor
