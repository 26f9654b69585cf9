#pragma once

// GET /api/console/state: everything the observation console shows, gathered server-side in one
// answer (the page then needs no cross-origin calls): the topic's and the DLT's high watermarks,
// the producer's counters, every consumer group reading the topic (Kafka's Admin API: protocol,
// state, members, assignment, committed offsets, lag), each member's own /api/status, the dead
// letter summary, and the registry's subjects.
//
// Instances are discovered, not listed by hand: a consumer instance names its status address in
// its Kafka client.id ("event-consumer@127.0.0.1:18090"), which the group description carries, so
// every member of every group is found — and one that stopped answering while still in the group
// (killed, frozen) is shown as such until its session expires.
//
// One answer is built at a time and reused for 500 ms, so any number of open pages cost the
// cluster one description per half second.

#include "common/result.h"
#include "dead_letter_store.h"
#include "http/client.h"
#include "kafka/group_admin.h"
#include "kafka/producer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace tracker::event_dlt_monitor {

/// Where the console's numbers come from.
struct ConsoleSources {
  std::string topic;
  std::string dlt_topic;
  /// The event-producer's base URL (its /metrics); empty: not shown.
  std::string producer_url;
  std::string registry_url;
};

/// The status address a member named in its client.id ("<name>@<host>:<port>"), as a URL; the
/// member's host as the coordinator saw it ("/127.0.0.1") replaces a wildcard host (0.0.0.0, ::).
/// nullopt when the client.id names none (another application's consumer). Pure.
std::optional<std::string> instanceUrlOf(std::string_view client_id, std::string_view member_host);

/// The sum of every sample of metric `name` in Prometheus text, labelled or not (a counter split
/// by reason counts as its total), or nullopt when there is none. Pure.
std::optional<double> metricSum(std::string_view exposition, std::string_view name);

class ConsoleState {
 public:
  /// `connection`: bootstrap.servers. `store` must outlive this object.
  static common::Result<std::unique_ptr<ConsoleState>> create(const kafka::ConfigMap& connection,
                                                              ConsoleSources sources,
                                                              DeadLetterStore& store);

  /// The state as JSON text. Never fails: a part that could not be read is null, with the reason
  /// in "errors".
  std::string render();

 private:
  ConsoleState(std::unique_ptr<kafka::GroupAdmin> groups, kafka::ProducerPtr metadata,
               http::Client http, ConsoleSources sources, DeadLetterStore& store);

  nlohmann::json topicWatermarks(const std::string& topic, nlohmann::json& errors);
  nlohmann::json producer(nlohmann::json& errors);
  nlohmann::json groupsAndInstances(nlohmann::json& instances, nlohmann::json& errors);
  nlohmann::json schemas(nlohmann::json& errors);
  std::optional<nlohmann::json> getJson(const std::string& url, std::string& error);

  std::unique_ptr<kafka::GroupAdmin> groups_;
  kafka::ProducerPtr metadata_;
  http::Client http_;
  ConsoleSources sources_;
  DeadLetterStore& store_;
  std::mutex one_at_a_time_;
  std::string cached_;  // guarded by one_at_a_time_
  std::chrono::steady_clock::time_point cached_at_;
  nlohmann::json cached_schemas_;
  std::chrono::steady_clock::time_point schemas_at_;
};

}  // namespace tracker::event_dlt_monitor
