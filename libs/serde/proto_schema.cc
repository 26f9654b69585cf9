#include "serde/proto_schema.h"

#include "serde/base64.h"
#include "serde/errors.h"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace tracker::serde {
namespace {

namespace protobuf = google::protobuf;

// Keeps the first error of the tokenizer/parser so that it can go into an Error message.
class FirstErrorCollector final : public protobuf::io::ErrorCollector {
 public:
  void AddError(int line, protobuf::io::ColumnNumber column, const std::string& message) override {
    if (first_error_.empty()) {
      // Lines and columns are zero-based in the tokenizer; people count from one.
      first_error_ =
          "line " + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
    }
  }

  const std::string& firstError() const { return first_error_; }

 private:
  std::string first_error_;
};

bool looksLikeBase64(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
  });
}

tl::unexpected<common::Error> invalidSchema(std::string message) {
  return common::makeError(std::string(errc::kInvalidSchema), std::move(message));
}

common::Result<protobuf::FileDescriptorProto> parseProtoText(std::string_view text) {
  protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  FirstErrorCollector errors;
  protobuf::io::Tokenizer tokenizer(&input, &errors);
  protobuf::compiler::Parser parser;
  parser.RecordErrorsTo(&errors);
  protobuf::FileDescriptorProto proto;
  if (!parser.Parse(&tokenizer, &proto) || !errors.firstError().empty()) {
    return invalidSchema("schema is not valid .proto text: " + errors.firstError());
  }
  return proto;
}

}  // namespace

protobuf::FileDescriptorProto fileDescriptorProtoOf(const protobuf::Descriptor& descriptor) {
  protobuf::FileDescriptorProto proto;
  descriptor.file()->CopyTo(&proto);
  return proto;
}

std::string protoTextOf(const protobuf::FileDescriptor& file) { return file.DebugString(); }

std::string serializedSchemaOf(const protobuf::FileDescriptor& file) {
  protobuf::FileDescriptorProto proto;
  file.CopyTo(&proto);
  return base64Encode(proto.SerializeAsString());
}

bool isBuiltinImport(std::string_view import_path) {
  static constexpr std::array<std::string_view, 3> kPrefixes = {"google/protobuf/", "google/type/",
                                                                "confluent/"};
  return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                     [&](std::string_view prefix) { return import_path.starts_with(prefix); });
}

common::Result<protobuf::FileDescriptorProto> parseSchema(std::string_view schema,
                                                          std::string_view file_name) {
  if (schema.size() > static_cast<std::size_t>(INT32_MAX)) {
    return invalidSchema("schema of " + std::to_string(schema.size()) + " bytes is too large");
  }
  common::Result<protobuf::FileDescriptorProto> proto = invalidSchema("empty schema");
  // .proto source always has spaces or ';', which base64 never has, so the shape decides.
  if (looksLikeBase64(schema)) {
    const auto bytes = base64Decode(schema);
    protobuf::FileDescriptorProto decoded;
    if (bytes && decoded.ParseFromString(*bytes)) {
      proto = std::move(decoded);
    } else {
      proto = invalidSchema("schema is neither .proto text nor a base64 FileDescriptorProto");
    }
  } else {
    proto = parseProtoText(schema);
  }
  if (proto) proto->set_name(std::string(file_name));
  return proto;
}

}  // namespace tracker::serde
