#pragma once

// An owning list of RdKafka::TopicPartition, the argument type of librdkafka's C++ pause, resume,
// commitSync, committed and position calls (which take raw pointers the caller must destroy).

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tracker::kafka {

/// Destroys its elements. Not copyable (the pointers are owned).
struct TopicPartitionList {
  std::vector<RdKafka::TopicPartition*> items;

  TopicPartitionList() = default;
  TopicPartitionList(const TopicPartitionList&) = delete;
  TopicPartitionList& operator=(const TopicPartitionList&) = delete;
  ~TopicPartitionList() { RdKafka::TopicPartition::destroy(items); }

  void add(const std::string& topic, std::int32_t partition,
           std::int64_t offset = RdKafka::Topic::OFFSET_INVALID) {
    items.push_back(RdKafka::TopicPartition::create(topic, partition, offset));
  }
};

}  // namespace tracker::kafka
