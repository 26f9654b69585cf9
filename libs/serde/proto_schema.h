#pragma once

// Converting between compiled Protobuf descriptors and the schema text a registry stores: `.proto`
// source, or base64 of a serialized FileDescriptorProto (`format=serialized`).

#include "common/result.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <string>
#include <string_view>

namespace tracker::serde {

/// The FileDescriptorProto of the file that declares `descriptor` (FileDescriptor::CopyTo).
google::protobuf::FileDescriptorProto fileDescriptorProtoOf(
    const google::protobuf::Descriptor& descriptor);

/// `.proto` source for `file` (FileDescriptor::DebugString): syntax, package, imports, options
/// and every declaration, without comments. What the serializer registers.
std::string protoTextOf(const google::protobuf::FileDescriptor& file);

/// base64 of the serialized FileDescriptorProto of `file`: the form Python and JavaScript
/// clients register and `format=serialized` returns.
std::string serializedSchemaOf(const google::protobuf::FileDescriptor& file);

/// True for imports every registry resolves by itself and clients do not register as
/// references: google/protobuf/*, google/type/*, confluent/* (spec §1.6 `skip.known.types`).
bool isBuiltinImport(std::string_view import_path);

/// Parses a schema as a registry stores and returns it, and as clients submit it: base64 of a
/// serialized FileDescriptorProto when the text is base64 (whitespace ignored, as base64(1) wraps
/// lines) and decodes to one, else `.proto` source (compiler::Parser). The result's `name` is
/// `file_name`. Types are not resolved yet (see WriterSchema; a registry builds it against its
/// references). Fails with errc::kInvalidSchema quoting the parser's first complaint.
common::Result<google::protobuf::FileDescriptorProto> parseSchema(std::string_view schema,
                                                                  std::string_view file_name);

}  // namespace tracker::serde
