#include "kafka/config.h"

#include "kafka/errors.h"

#include <string_view>

namespace tracker::kafka {
namespace {

bool looksSecret(std::string_view key) {
  return key.find("password") != std::string_view::npos ||
         key.find("secret") != std::string_view::npos || key == "sasl.oauthbearer.config" ||
         key == "ssl.key.pem";
}

common::Error invalidProperty(const std::string& key, const std::string& value,
                              const std::string& reason) {
  const std::string shown = looksSecret(key) ? "<redacted>" : value;
  return common::Error{std::string(errc::kInvalidConfig),
                       "Kafka property \"" + key + "\"=\"" + shown + "\" rejected: " + reason};
}

template <typename Callback>
common::Result<void> setCallback(RdKafka::Conf& conf, const std::string& name, Callback* callback) {
  if (callback == nullptr) return {};
  std::string reason;
  if (conf.set(name, callback, reason) != RdKafka::Conf::CONF_OK) {
    return common::makeError(std::string(errc::kInvalidConfig),
                             "cannot register " + name + ": " + reason);
  }
  return {};
}

}  // namespace

common::Result<std::unique_ptr<RdKafka::Conf>> buildConf(const ConfigMap& config,
                                                         const ClientCallbacks& callbacks) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [key, value] : config) {
    std::string reason;
    if (conf->set(key, value, reason) != RdKafka::Conf::CONF_OK) {
      return tl::unexpected(invalidProperty(key, value, reason));
    }
  }
  auto registered =
      setCallback(*conf, "dr_cb", callbacks.delivery_report)
          .and_then([&] { return setCallback(*conf, "event_cb", callbacks.event); })
          .and_then([&] { return setCallback(*conf, "rebalance_cb", callbacks.rebalance); });
  if (!registered) return tl::unexpected(registered.error());
  return conf;
}

}  // namespace tracker::kafka
