#include "kafka/producer.h"

#include "kafka/errors.h"

#include <string>
#include <utility>

namespace tracker::kafka {

ConfigMap reliableProducerConfig(ConfigMap config) {
  config.insert_or_assign("enable.idempotence", "true");
  config.insert_or_assign("acks", "all");
  return config;
}

common::Result<ProducerPtr> createProducer(const ConfigMap& config,
                                           const ClientCallbacks& callbacks) {
  auto conf = buildConf(config, callbacks);
  if (!conf) return tl::unexpected(conf.error());
  std::string reason;
  // The Conf is copied by create(); ours is released when this scope ends.
  ProducerPtr producer(RdKafka::Producer::create(conf->get(), reason));
  if (!producer) {
    return common::makeError(std::string(errc::kClientCreation),
                             "cannot create Kafka producer: " + reason);
  }
  return producer;
}

common::Result<ProducerPtr> createReliableProducer(ConfigMap config,
                                                   const ClientCallbacks& callbacks) {
  return createProducer(reliableProducerConfig(std::move(config)), callbacks);
}

}  // namespace tracker::kafka
