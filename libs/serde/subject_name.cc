#include "serde/subject_name.h"

namespace tracker::serde {

std::string subjectName(SubjectNameStrategy strategy, std::string_view topic, bool is_key,
                        const google::protobuf::Descriptor& message) {
  switch (strategy) {
    case SubjectNameStrategy::kTopicName:
      return std::string(topic) + (is_key ? "-key" : "-value");
    case SubjectNameStrategy::kRecordName:
      return message.full_name();
    case SubjectNameStrategy::kTopicRecordName:
      return std::string(topic) + "-" + message.full_name();
  }
  return std::string(topic) + (is_key ? "-key" : "-value");  // Unreachable.
}

}  // namespace tracker::serde
