#pragma once

// Error codes raised by the kafka module (see common::Error::code).

#include <string_view>

namespace tracker::kafka::errc {

/// A configuration property is unknown to librdkafka or its value is rejected.
inline constexpr std::string_view kInvalidConfig = "kafka.invalid_config";

/// librdkafka refused to create a client from an otherwise valid configuration
/// (for example a consumer without group.id).
inline constexpr std::string_view kClientCreation = "kafka.client_creation";

}  // namespace tracker::kafka::errc
