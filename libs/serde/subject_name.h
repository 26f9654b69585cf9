#pragma once

// Subject name strategies (spec §3): under which registry subject a record's schema is registered.

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>

namespace tracker::serde {

/// Confluent's subject name strategies.
enum class SubjectNameStrategy {
  /// "<topic>-value" / "<topic>-key" (Confluent's classic default).
  kTopicName,
  /// The message's fully-qualified name, e.g. "events.UserBehaviorEvent" (as the Python client).
  kRecordName,
  /// "<topic>-<fully-qualified name>".
  kTopicRecordName,
};

/// The subject for a record of type `message` on `topic`, as its key or its value.
std::string subjectName(SubjectNameStrategy strategy, std::string_view topic, bool is_key,
                        const google::protobuf::Descriptor& message);

}  // namespace tracker::serde
