#include "serde/testing/proto_pool.h"

#include "serde/proto_schema.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

namespace tracker::serde::testing {
namespace {

namespace protobuf = google::protobuf;

[[noreturn]] void fail(const std::string& why) {
  std::cerr << "ProtoPool: " << why << std::endl;
  std::abort();
}

}  // namespace

ProtoPool::ProtoPool() : factory_(&pool_) {}

const protobuf::FileDescriptor& ProtoPool::add(std::string_view text, const std::string& name) {
  auto proto = parseSchema(text, name);
  if (!proto) fail(proto.error().toString());
  for (const std::string& dependency : proto->dependency()) {
    if (pool_.FindFileByName(dependency) != nullptr) continue;
    const auto* compiled = protobuf::DescriptorPool::generated_pool()->FindFileByName(dependency);
    if (compiled == nullptr) fail("unknown import " + dependency);
    protobuf::FileDescriptorProto compiled_proto;
    compiled->CopyTo(&compiled_proto);
    if (pool_.BuildFile(compiled_proto) == nullptr) fail("cannot build " + dependency);
  }
  const protobuf::FileDescriptor* file = pool_.BuildFile(*proto);
  if (file == nullptr) fail("cannot build " + name);
  return *file;
}

const protobuf::Descriptor& ProtoPool::message(const std::string& full_name) const {
  const protobuf::Descriptor* descriptor = pool_.FindMessageTypeByName(full_name);
  if (descriptor == nullptr) fail("no message " + full_name);
  return *descriptor;
}

std::unique_ptr<protobuf::Message> ProtoPool::newMessage(const std::string& full_name) {
  return std::unique_ptr<protobuf::Message>(factory_.GetPrototype(&message(full_name))->New());
}

}  // namespace tracker::serde::testing
