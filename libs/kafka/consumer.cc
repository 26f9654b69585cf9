#include "kafka/consumer.h"

#include "kafka/errors.h"

#include <string>

namespace tracker::kafka {

void CloseAndDeleteConsumer::operator()(RdKafka::KafkaConsumer* consumer) const {
  if (consumer == nullptr) return;
  consumer->close();
  delete consumer;  // NOLINT(cppcoreguidelines-owning-memory): this is the owning deleter.
}

common::Result<ConsumerPtr> createConsumer(const ConfigMap& config,
                                           const ClientCallbacks& callbacks) {
  auto conf = buildConf(config, callbacks);
  if (!conf) return tl::unexpected(conf.error());
  std::string reason;
  ConsumerPtr consumer(RdKafka::KafkaConsumer::create(conf->get(), reason));
  if (!consumer) {
    return common::makeError(std::string(errc::kClientCreation),
                             "cannot create Kafka consumer: " + reason);
  }
  return consumer;
}

}  // namespace tracker::kafka
