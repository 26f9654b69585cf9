#pragma once

// Test support: descriptors built from .proto text at run time, so tests can declare the message
// types they need (nested, imported, incompatible variants) without compiling them.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <memory>
#include <string>
#include <string_view>

namespace tracker::serde::testing {

/// A DescriptorPool filled from .proto text; aborts the test on any parse or build error.
class ProtoPool {
 public:
  ProtoPool();

  /// Parses `text` as file `name` and builds it. Imports must have been added first, except
  /// google/protobuf/* which are copied from the compiled-in pool on demand.
  const google::protobuf::FileDescriptor& add(std::string_view text, const std::string& name);

  /// The message called `full_name`; aborts the test when there is none.
  const google::protobuf::Descriptor& message(const std::string& full_name) const;

  /// A new, empty dynamic message of type `full_name`.
  std::unique_ptr<google::protobuf::Message> newMessage(const std::string& full_name);

 private:
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
};

}  // namespace tracker::serde::testing
