#pragma once

// The message-index path of the wire format (spec §2): where a message type sits in its .proto
// file. [i] is the i-th top-level message (declaration order; enums and services not counted),
// [i, j] the j-th nested message of that one, and so on.

#include <google/protobuf/descriptor.h>

#include <span>
#include <vector>

namespace tracker::serde {

/// The path of `descriptor` within its file, e.g. [0] for the first top-level message.
std::vector<int> messageIndexPath(const google::protobuf::Descriptor& descriptor);

/// The message at `path` in `file`, or nullptr when the path is empty or leaves the file's
/// messages (index past the end at some level).
const google::protobuf::Descriptor* findMessageByPath(const google::protobuf::FileDescriptor& file,
                                                      std::span<const int> path);

}  // namespace tracker::serde
