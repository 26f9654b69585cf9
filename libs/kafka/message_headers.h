#pragma once

// Copying a consumed message's headers out of librdkafka (whose message is freed right after
// consume()), in order, repeats kept.

#include <librdkafka/rdkafkacpp.h>

#include <string>
#include <utility>
#include <vector>

namespace tracker::kafka {

/// Header names and values in order; values are bytes ("" for a null value).
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The headers of `message`; empty when it has none (and then nothing is allocated).
Headers copyHeaders(const RdKafka::Message& message);

}  // namespace tracker::kafka
