#include "schema_registry/json_codec.h"

#include "schema_registry/errors.h"

#include <nlohmann/json.hpp>

namespace tracker::schema_registry {
namespace {

using nlohmann::json;

constexpr std::size_t kQuotedBodyChars = 200;

tl::unexpected<common::Error> invalid(std::string_view body, std::string_view why) {
  std::string quoted(body.substr(0, kQuotedBodyChars));
  if (body.size() > kQuotedBodyChars) quoted += "...";
  return common::makeError(std::string(errc::kInvalidResponse),
                           std::string(why) + " in registry response: " + quoted);
}

// Parses `body` and hands the document to `decode`; JSON syntax and type errors (nlohmann
// throws on get<T>() of the wrong type) become kInvalidResponse. Exceptions stop here.
template <typename T, typename Decode>
common::Result<T> decodeWith(std::string_view body, Decode decode) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return invalid(body, "malformed JSON");
  try {
    return decode(document);
  } catch (const json::exception& e) {
    return invalid(body, e.what());
  }
}

std::vector<Reference> referencesOf(const json& document) {
  std::vector<Reference> references;
  const auto found = document.find("references");
  if (found == document.end() || found->is_null()) return references;
  for (const json& item : *found) {
    references.push_back(Reference{item.at("name").get<std::string>(),
                                   item.at("subject").get<std::string>(),
                                   item.at("version").get<int>()});
  }
  return references;
}

Schema schemaOf(const json& document) {
  return Schema{document.value("schemaType", std::string("AVRO")),
                document.at("schema").get<std::string>(), referencesOf(document)};
}

}  // namespace

std::string encodeSchemaRequest(const Schema& schema) {
  json references = json::array();
  for (const Reference& reference : schema.references) {
    references.push_back(
        {{"name", reference.name}, {"subject", reference.subject}, {"version", reference.version}});
  }
  return json{{"schema", schema.schema},
              {"schemaType", schema.schema_type},
              {"references", std::move(references)}}
      .dump();
}

common::Result<RegisterResult> decodeRegisterResponse(std::string_view body) {
  return decodeWith<RegisterResult>(body, [](const json& document) {
    RegisterResult result{document.at("id").get<int>(), std::nullopt};
    if (const int version = document.value("version", 0); version > 0) result.version = version;
    return result;
  });
}

common::Result<RegisteredSchema> decodeRegisteredSchema(std::string_view body) {
  return decodeWith<RegisteredSchema>(body, [](const json& document) {
    return RegisteredSchema{document.value("subject", std::string()), document.at("id").get<int>(),
                            document.value("version", 0), schemaOf(document)};
  });
}

common::Result<Schema> decodeSchema(std::string_view body) {
  return decodeWith<Schema>(body, [](const json& document) { return schemaOf(document); });
}

common::Result<std::vector<std::string>> decodeStringList(std::string_view body) {
  return decodeWith<std::vector<std::string>>(
      body, [](const json& document) { return document.get<std::vector<std::string>>(); });
}

common::Result<std::vector<int>> decodeIntList(std::string_view body) {
  return decodeWith<std::vector<int>>(
      body, [](const json& document) { return document.get<std::vector<int>>(); });
}

common::Result<int> decodeInt(std::string_view body) {
  return decodeWith<int>(body, [](const json& document) { return document.get<int>(); });
}

common::Result<CompatibilityResult> decodeCompatibility(std::string_view body) {
  return decodeWith<CompatibilityResult>(body, [](const json& document) {
    CompatibilityResult result{document.at("is_compatible").get<bool>(), {}};
    if (const auto messages = document.find("messages");
        messages != document.end() && messages->is_array()) {
      for (const json& message : *messages) {
        result.messages.push_back(message.is_string() ? message.get<std::string>()
                                                      : message.dump());
      }
    }
    return result;
  });
}

common::Result<std::string> decodeConfigLevel(std::string_view body) {
  return decodeWith<std::string>(body, [](const json& document) {
    // GET answers compatibilityLevel and PUT echoes compatibility (spec §1.3); read either.
    if (document.contains("compatibilityLevel")) {
      return document.at("compatibilityLevel").get<std::string>();
    }
    return document.at("compatibility").get<std::string>();
  });
}

std::string encodeConfigUpdate(std::string_view compatibility_level) {
  return json{{"compatibility", compatibility_level}}.dump();
}

std::optional<ErrorBody> decodeErrorBody(std::string_view body) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) return std::nullopt;
  const auto code = document.find("error_code");
  if (code == document.end() || !code->is_number_integer() || code->get<int>() == 0) {
    return std::nullopt;
  }
  ErrorBody error{code->get<int>(), {}};
  if (const auto message = document.find("message");
      message != document.end() && message->is_string()) {
    error.message = message->get<std::string>();
  }
  return error;
}

}  // namespace tracker::schema_registry
