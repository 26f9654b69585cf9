#include "content_type.h"

#include "common/text.h"

#include <cctype>
#include <string>

namespace tracker::event_producer {
namespace {

using common::trim;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      if (value[i] == '\\' && i + 2 < value.size()) ++i;
      out += value[i];
    }
    return out;
  }
  return std::string(value);
}

tl::unexpected<common::Error> unsupported(std::string_view what) {
  return common::makeError(
      std::string(kUnsupportedMediaType),
      std::string(what) +
          "; accepted: application/json, application/x-protobuf (one events.UserBehaviorEvent), "
          "application/x-protobuf; messageType=events.UserBehaviorEventBatch");
}

}  // namespace

common::Result<BodyFormat> classifyContentType(std::optional<std::string_view> content_type) {
  if (!content_type || trim(*content_type).empty()) return unsupported("Content-Type is missing");
  std::string_view rest = *content_type;
  const std::size_t semicolon = rest.find(';');
  const std::string media_type = lower(trim(rest.substr(0, semicolon)));
  rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);

  std::optional<std::string> charset;
  std::optional<std::string> message_type;
  while (!rest.empty()) {
    const std::size_t next = rest.find(';');
    const std::string_view parameter = trim(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    if (parameter.empty()) continue;
    const std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string name = lower(trim(parameter.substr(0, equals)));
    const std::string value = unquote(trim(parameter.substr(equals + 1)));
    if (name == "charset") charset = lower(value);
    if (name == "messagetype") message_type = value;
  }

  if (media_type == "application/json") {
    if (charset && *charset != "utf-8" && *charset != "utf8") {
      return unsupported("charset " + charset->substr(0, 40) + " is not supported, send UTF-8");
    }
    return BodyFormat::kJson;
  }
  if (media_type == "application/x-protobuf" || media_type == "application/protobuf") {
    if (!message_type || *message_type == kEventMessageType) return BodyFormat::kProtobufEvent;
    if (*message_type == kBatchMessageType) return BodyFormat::kProtobufBatch;
    return unsupported("messageType " + message_type->substr(0, 100) + " is not accepted");
  }
  return unsupported("Content-Type " + media_type.substr(0, 100) + " is not supported");
}

}  // namespace tracker::event_producer
