#pragma once

// A submitted schema's custom option values are text-format messages (`option (o) = { a { b {
// … } } }`), kept as `uninterpreted_option.aggregate_value` until the descriptor pool interprets
// them. libprotobuf 3.21 re-parses that text with a TextFormat parser whose recursion limit is
// INT_MAX, and DebugString() prints it back recursively: ~10k nested levels (40 KB) overflow the
// stack and kill the process. So the nesting is measured, iteratively, before anything builds.

#include "errors.h"

#include <google/protobuf/descriptor.pb.h>

namespace tracker::schema_registry_service {

/// kInvalidSchema when any aggregate option value anywhere in `file` nests deeper than `limit`
/// (its outer braces, which the .proto parser strips, count as one level).
Result<void> checkOptionNesting(const google::protobuf::FileDescriptorProto& file, int limit);

}  // namespace tracker::schema_registry_service
