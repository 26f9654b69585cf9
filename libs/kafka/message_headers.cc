#include "kafka/message_headers.h"

#include <librdkafka/rdkafka.h>

namespace tracker::kafka {

Headers copyHeaders(const RdKafka::Message& message) {
  Headers out;
  // The C API reads the parsed headers in place; the C++ Message::headers() would copy them into
  // a new object first. c_ptr() is not const, but reading headers does not change the message.
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(const_cast<RdKafka::Message&>(message).c_ptr(), &headers) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return out;
  }
  const char* name = nullptr;
  const void* value = nullptr;
  std::size_t size = 0;
  for (std::size_t i = 0;
       rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
       ++i) {
    out.emplace_back(name, value != nullptr ? std::string(static_cast<const char*>(value), size)
                                            : std::string());
  }
  return out;
}

}  // namespace tracker::kafka
