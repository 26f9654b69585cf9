#pragma once

// Partition choice for user-behavior-events: the same function as Kafka's Java client
// (org.apache.kafka.common.utils.Utils.murmur2 / toPositive), applied to the UTF-8 bytes of the
// user id alone. Hashing the user id rather than the serialized key keeps a user on one partition
// whatever the key schema version (the Confluent framing of the key carries the schema id), and a
// Java producer computing toPositive(murmur2(userId.getBytes(UTF_8))) % n agrees with us.

#include <cstdint>
#include <string_view>

namespace tracker::events {

/// Kafka's murmur2 hash of `bytes` (seed 0x9747b28c), as the signed 32-bit value Java returns.
std::int32_t murmur2(std::string_view bytes);

/// Kafka's Utils.toPositive: clears the sign bit (`hash & 0x7fffffff`), which is not abs().
constexpr std::int32_t toPositive(std::int32_t hash) { return hash & 0x7fffffff; }

/// The partition of `user_id` among `num_partitions` partitions:
/// toPositive(murmur2(user_id)) % num_partitions. `num_partitions` must be positive (it comes
/// from topic metadata or validated configuration); anything else aborts.
std::int32_t partitionForUserId(std::string_view user_id, std::int32_t num_partitions);

}  // namespace tracker::events
