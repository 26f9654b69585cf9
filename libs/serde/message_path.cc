#include "serde/message_path.h"

#include <algorithm>

namespace tracker::serde {

std::vector<int> messageIndexPath(const google::protobuf::Descriptor& descriptor) {
  std::vector<int> path;
  // Descriptor::index() is the position among the parent's nested types, or among the file's
  // top-level messages when there is no parent: exactly one step of the path.
  for (const auto* current = &descriptor; current != nullptr;
       current = current->containing_type()) {
    path.push_back(current->index());
  }
  std::reverse(path.begin(), path.end());
  return path;
}

const google::protobuf::Descriptor* findMessageByPath(const google::protobuf::FileDescriptor& file,
                                                      std::span<const int> path) {
  if (path.empty() || path[0] < 0 || path[0] >= file.message_type_count()) return nullptr;
  const google::protobuf::Descriptor* current = file.message_type(path[0]);
  for (const int index : path.subspan(1)) {
    if (index < 0 || index >= current->nested_type_count()) return nullptr;
    current = current->nested_type(index);
  }
  return current;
}

}  // namespace tracker::serde
