#include "kafka_event_logger.h"

#include <iostream>
#include <utility>

namespace tracker::kafka_roundtrip {

KafkaEventLogger::KafkaEventLogger(std::string role) : role_(std::move(role)) {}

void KafkaEventLogger::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_ERROR:
      std::cerr << role_ << (event.fatal() ? " FATAL error: " : " error: ")
                << RdKafka::err2str(event.err()) << ": " << event.str() << '\n';
      break;
    case RdKafka::Event::EVENT_LOG:
      if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING) {
        std::cerr << role_ << " log " << event.fac() << ": " << event.str() << '\n';
      }
      break;
    default:
      break;
  }
}

}  // namespace tracker::kafka_roundtrip
