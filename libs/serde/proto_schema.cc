#include "serde/proto_schema.h"

#include "common/base64.h"
#include "serde/errors.h"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>

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

bool isAsciiSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

// Only base64 characters, and whitespace (base64(1) wraps its output every 76 characters).
bool looksLikeBase64(std::string_view text) {
  bool any = false;
  for (const char c : text) {
    if (isAsciiSpace(c)) continue;
    const bool in_alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                             (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    if (!in_alphabet) return false;
    any = true;
  }
  return any;
}

// The descriptor base64 `text` (whitespace ignored) encodes, or nullopt.
std::optional<protobuf::FileDescriptorProto> decodeDescriptor(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  std::copy_if(text.begin(), text.end(), std::back_inserter(compact),
               [](char c) { return !isAsciiSpace(c); });
  const auto bytes = common::base64Decode(compact);
  protobuf::FileDescriptorProto proto;
  if (!bytes || !proto.ParseFromString(*bytes)) return std::nullopt;
  return proto;
}

tl::unexpected<common::Error> invalidSchema(std::string message) {
  return common::makeError(std::string(errc::kInvalidSchema), std::move(message));
}

// The parsed .proto source, or the first complaint of the tokenizer/parser.
tl::expected<protobuf::FileDescriptorProto, std::string> parseProtoText(std::string_view text) {
  protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  FirstErrorCollector errors;
  protobuf::io::Tokenizer tokenizer(&input, &errors);
  protobuf::compiler::Parser parser;
  parser.RecordErrorsTo(&errors);
  protobuf::FileDescriptorProto proto;
  if (!parser.Parse(&tokenizer, &proto) || !errors.firstError().empty()) {
    return tl::unexpected(errors.firstError());
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
  return common::base64Encode(proto.SerializeAsString());
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
  // .proto declarations always have ';', '{' or '"', which base64 never has, so base64-looking
  // text is decoded first. Text stays the fallback for a .proto of nothing but comments (it cannot
  // decode: "//" makes the first byte an invalid tag).
  const bool base64_like = looksLikeBase64(schema);
  if (base64_like) {
    if (auto proto = decodeDescriptor(schema)) {
      proto->set_name(std::string(file_name));
      return std::move(*proto);
    }
  }
  auto proto = parseProtoText(schema);
  if (!proto && base64_like) {
    return invalidSchema("schema is neither a base64 FileDescriptorProto nor .proto text (" +
                         proto.error() + ")");
  }
  if (!proto) return invalidSchema("schema is not valid .proto text: " + proto.error());
  proto->set_name(std::string(file_name));
  return std::move(*proto);
}

}  // namespace tracker::serde
