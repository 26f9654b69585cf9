#include "rest_api.h"

#include "serde/base64.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <climits>

namespace tracker::schema_registry_service {
namespace {

using http_server::Method;
using http_server::PathParams;
using http_server::Request;
using http_server::Response;
using Json = nlohmann::json;

constexpr const char* kContentType = "application/vnd.schemaregistry.v1+json";

Response json(const Json& body, int status = 200) {
  return Response{status, kContentType, body.dump(), {}};
}

Response errorJson(int code, const std::string& message) {
  const int status = code >= 10000 ? code / 100 : code;
  return json(Json{{"error_code", code}, {"message", message}}, status);
}

// ---- request parsing --------------------------------------------------------------------------

Result<bool> flag(const Request& request, std::string_view name, bool fallback) {
  auto value = request.queryBool(name, fallback);
  if (!value) return fail(Errc::kBadRequest, value.error().message);
  return *value;
}

Result<std::optional<bool>> optionalFlag(const Request& request, std::string_view name) {
  if (!request.queryParam(name)) return std::optional<bool>();
  auto value = flag(request, name, false);
  if (!value) return tl::unexpected(value.error());
  return std::optional<bool>(*value);
}

Result<Json> parseBody(const Request& request) {
  Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return fail(Errc::kBadRequest, "Request body is not a JSON object");
  }
  return body;
}

/// Body of register / lookup / compatibility requests.
Result<SchemaSubmission> parseSubmission(const Request& request) {
  auto body = parseBody(request);
  if (!body) return tl::unexpected(body.error());
  SchemaSubmission submission;
  try {
    if (!body->contains("schema") || !(*body)["schema"].is_string()) {
      return fail(Errc::kInvalidSchema, "Empty schema");
    }
    submission.schema = (*body)["schema"].get<std::string>();
    if (body->contains("schemaType") && !(*body)["schemaType"].is_null()) {
      submission.schema_type = (*body)["schemaType"].get<std::string>();
    }
    if (body->contains("references") && (*body)["references"].is_array()) {
      for (const Json& item : (*body)["references"]) {
        submission.references.push_back(Reference{item.at("name").get<std::string>(),
                                                  item.at("subject").get<std::string>(),
                                                  item.at("version").get<int>()});
      }
    }
  } catch (const Json::exception& e) {
    return fail(Errc::kBadRequest, std::string("Malformed request body: ") + e.what());
  }
  return submission;
}

Result<int> parseId(const std::string& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) {
    return fail(Errc::kSchemaNotFound, "Schema " + text + " not found");
  }
  return value;
}

// ---- response shapes --------------------------------------------------------------------------

Json referencesJson(const std::vector<Reference>& references) {
  Json array = Json::array();
  for (const Reference& reference : references) {
    array.push_back({{"name", reference.name}, {"subject", reference.subject},
                     {"version", reference.version}});
  }
  return array;
}

std::string schemaText(const SchemaRecord& record, const Request& request) {
  return request.queryParam("format") == "serialized" ? serde::base64Encode(record.descriptor)
                                                      : record.canonical;
}

/// The Schema entity (subject, version, id, schemaType, references, schema).
Json schemaEntity(const SubjectSchema& entry, const Request& request) {
  Json body{{"subject", entry.subject},
            {"version", entry.version},
            {"id", entry.schema->id},
            {"schemaType", "PROTOBUF"},
            {"schema", schemaText(*entry.schema, request)}};
  if (!entry.schema->references.empty()) body["references"] = referencesJson(entry.schema->references);
  return body;
}

Json configJson(const CompatibilityConfig& config, const char* level_key) {
  Json body{{level_key, std::string(compatibilityLevelName(config.level))}};
  if (config.normalize) body["normalize"] = *config.normalize;
  return body;
}

// Runs a handler body, turning an error result into the Confluent error response.
template <typename T, typename Render>
Response respond(const Result<T>& result, Render render) {
  if (!result) return errorResponse(result.error());
  return render(*result);
}

#define TRY_ASSIGN(name, expression)                    \
  auto name##_result = (expression);                    \
  if (!name##_result) return errorResponse(name##_result.error()); \
  auto name = std::move(*name##_result)

// ---- one handler per route --------------------------------------------------------------------

Response getRoot(const Request&, const PathParams&) { return json(Json::object()); }

Response getSchemaTypes(const Request&, const PathParams&) { return json(Json{"PROTOBUF"}); }

Response getAssociations(const Request&, const PathParams&) { return json(Json::array()); }

struct Handlers {
  Registry& registry;

  Response listSubjects(const Request& request, const PathParams&) {
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    return respond(registry.subjects(deleted, request.queryParam("subjectPrefix").value_or("")),
                   [](const auto& subjects) { return json(subjects); });
  }

  Response listVersions(const Request& request, const PathParams& params) {
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    TRY_ASSIGN(deleted_only, flag(request, "deletedOnly", false));
    return respond(registry.versions(params[0], deleted, deleted_only),
                   [](const auto& versions) { return json(versions); });
  }

  Response getVersion(const Request& request, const PathParams& params) {
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    return respond(registry.version(params[0], params[1], deleted),
                   [&](const SubjectSchema& entry) { return json(schemaEntity(entry, request)); });
  }

  Response getVersionSchema(const Request& request, const PathParams& params) {
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    return respond(registry.version(params[0], params[1], deleted), [&](const SubjectSchema& entry) {
      // The raw schema string only (not JSON-quoted), like CSR.
      return Response{200, kContentType, schemaText(*entry.schema, request), {}};
    });
  }

  Response registerSchema(const Request& request, const PathParams& params) {
    TRY_ASSIGN(normalize, optionalFlag(request, "normalize"));
    TRY_ASSIGN(submission, parseSubmission(request));
    return respond(registry.registerSchema(params[0], submission, normalize),
                   [&](const SubjectSchema& entry) {
                     // Echo the schema as submitted: clients cache this response by id and
                     // later parse it as what they sent (Python: a base64 descriptor).
                     Json body = schemaEntity(entry, request);
                     body["schema"] = submission.schema;
                     return json(body);
                   });
  }

  Response lookupSchema(const Request& request, const PathParams& params) {
    TRY_ASSIGN(normalize, optionalFlag(request, "normalize"));
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    TRY_ASSIGN(submission, parseSubmission(request));
    return respond(registry.lookup(params[0], submission, normalize, deleted),
                   [&](const SubjectSchema& entry) { return json(schemaEntity(entry, request)); });
  }

  Response deleteSubject(const Request& request, const PathParams& params) {
    TRY_ASSIGN(permanent, flag(request, "permanent", false));
    return respond(registry.deleteSubject(params[0], permanent),
                   [](const auto& versions) { return json(versions); });
  }

  Response deleteVersion(const Request& request, const PathParams& params) {
    TRY_ASSIGN(permanent, flag(request, "permanent", false));
    return respond(registry.deleteVersion(params[0], params[1], permanent),
                   [](int version) { return json(version); });
  }

  Response getSchemaById(const Request& request, const PathParams& params) {
    TRY_ASSIGN(id, parseId(params[0]));
    return respond(registry.schemaById(id), [&](const std::shared_ptr<const SchemaRecord>& record) {
      Json body{{"schemaType", "PROTOBUF"}, {"schema", schemaText(*record, request)}};
      if (!record->references.empty()) body["references"] = referencesJson(record->references);
      return json(body);
    });
  }

  Response getSchemaByIdRaw(const Request& request, const PathParams& params) {
    TRY_ASSIGN(id, parseId(params[0]));
    return respond(registry.schemaById(id), [&](const std::shared_ptr<const SchemaRecord>& record) {
      return Response{200, kContentType, schemaText(*record, request), {}};
    });
  }

  Response getSchemaVersions(const Request& request, const PathParams& params) {
    TRY_ASSIGN(id, parseId(params[0]));
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    const auto subject = request.queryParam("subject");
    return respond(registry.versionsOfSchema(id, deleted), [&](const auto& rows) {
      Json array = Json::array();
      for (const VersionRecord& row : rows) {
        if (subject && row.subject != *subject) continue;
        array.push_back({{"subject", row.subject}, {"version", row.version}});
      }
      return json(array);
    });
  }

  Response getSchemaSubjects(const Request& request, const PathParams& params) {
    TRY_ASSIGN(id, parseId(params[0]));
    TRY_ASSIGN(deleted, flag(request, "deleted", false));
    return respond(registry.versionsOfSchema(id, deleted), [&](const auto& rows) {
      Json array = Json::array();
      for (const VersionRecord& row : rows) {
        if (array.empty() || array.back() != row.subject) array.push_back(row.subject);
      }
      return json(array);
    });
  }

  Response testCompatibility(const Request& request, const std::string& subject,
                             std::optional<std::string_view> version) {
    TRY_ASSIGN(normalize, optionalFlag(request, "normalize"));
    TRY_ASSIGN(verbose, flag(request, "verbose", false));
    TRY_ASSIGN(submission, parseSubmission(request));
    return respond(registry.testCompatibility(subject, version, submission, normalize),
                   [&](const std::vector<std::string>& messages) {
                     Json body{{"is_compatible", messages.empty()}};
                     if (verbose) body["messages"] = messages;
                     return json(body);
                   });
  }

  Response getConfig(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(default_to_global, flag(request, "defaultToGlobal", false));
    return respond(registry.config(subject, default_to_global), [](const auto& config) {
      return json(configJson(config, "compatibilityLevel"));
    });
  }

  Response putConfig(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(body, parseBody(request));
    if (!body.contains("compatibility") || !body["compatibility"].is_string()) {
      return errorResponse(Error{Errc::kInvalidCompatibilityLevel,
                                 "Invalid compatibility level: \"compatibility\" is required"});
    }
    std::optional<bool> normalize;
    if (body.contains("normalize") && body["normalize"].is_boolean()) {
      normalize = body["normalize"].get<bool>();
    }
    return respond(
        registry.setConfig(subject, body["compatibility"].get<std::string>(), normalize),
        [](const auto& config) { return json(configJson(config, "compatibility")); });
  }

  Response deleteConfig(const std::optional<std::string>& subject) {
    return respond(registry.deleteConfig(subject), [](const auto& config) {
      return json(configJson(config, "compatibilityLevel"));
    });
  }

  Response getMode(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(default_to_global, flag(request, "defaultToGlobal", false));
    return respond(registry.mode(subject, default_to_global),
                   [](Mode mode) { return json(Json{{"mode", std::string(modeName(mode))}}); });
  }

  Response putMode(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(body, parseBody(request));
    if (!body.contains("mode") || !body["mode"].is_string()) {
      return errorResponse(Error{Errc::kInvalidMode, "Invalid mode: \"mode\" is required"});
    }
    return respond(registry.setMode(subject, body["mode"].get<std::string>()),
                   [](Mode mode) { return json(Json{{"mode", std::string(modeName(mode))}}); });
  }

  Response deleteMode(const std::optional<std::string>& subject) {
    return respond(registry.deleteMode(subject),
                   [](Mode mode) { return json(Json{{"mode", std::string(modeName(mode))}}); });
  }
};

}  // namespace

http_server::Response errorResponse(const Error& error) {
  return errorJson(confluentCode(error.code), error.message);
}

std::unique_ptr<http_server::Router> makeRestApi(Registry& registry) {
  auto router = std::make_unique<http_server::Router>(
      errorJson(404, "HTTP 404 Not Found"), errorJson(405, "HTTP 405 Method Not Allowed"));
  auto handlers = std::make_shared<Handlers>(Handlers{registry});
  auto bind = [handlers](Response (Handlers::*member)(const Request&, const PathParams&)) {
    return [handlers, member](const Request& request, const PathParams& params) {
      return ((*handlers).*member)(request, params);
    };
  };
  using std::nullopt;
  router->add(Method::kGet, "/", getRoot);
  router->add(Method::kGet, "/schemas/types", getSchemaTypes);
  router->add(Method::kGet, "/associations/resources/{namespace}/{name}", getAssociations);
  router->add(Method::kGet, "/subjects", bind(&Handlers::listSubjects));
  router->add(Method::kGet, "/subjects/{subject}/versions", bind(&Handlers::listVersions));
  router->add(Method::kPost, "/subjects/{subject}/versions", bind(&Handlers::registerSchema));
  router->add(Method::kGet, "/subjects/{subject}/versions/{version}", bind(&Handlers::getVersion));
  router->add(Method::kGet, "/subjects/{subject}/versions/{version}/schema",
              bind(&Handlers::getVersionSchema));
  router->add(Method::kDelete, "/subjects/{subject}/versions/{version}",
              bind(&Handlers::deleteVersion));
  router->add(Method::kPost, "/subjects/{subject}", bind(&Handlers::lookupSchema));
  router->add(Method::kDelete, "/subjects/{subject}", bind(&Handlers::deleteSubject));
  router->add(Method::kGet, "/schemas/ids/{id}", bind(&Handlers::getSchemaById));
  router->add(Method::kGet, "/schemas/ids/{id}/schema", bind(&Handlers::getSchemaByIdRaw));
  router->add(Method::kGet, "/schemas/ids/{id}/versions", bind(&Handlers::getSchemaVersions));
  router->add(Method::kGet, "/schemas/ids/{id}/subjects", bind(&Handlers::getSchemaSubjects));
  router->add(Method::kPost, "/compatibility/subjects/{subject}/versions/{version}",
              [handlers](const Request& request, const PathParams& params) {
                return handlers->testCompatibility(request, params[0], params[1]);
              });
  router->add(Method::kPost, "/compatibility/subjects/{subject}/versions",
              [handlers](const Request& request, const PathParams& params) {
                return handlers->testCompatibility(request, params[0], nullopt);
              });
  router->add(Method::kGet, "/config", [handlers](const Request& request, const PathParams&) {
    return handlers->getConfig(request, nullopt);
  });
  router->add(Method::kPut, "/config", [handlers](const Request& request, const PathParams&) {
    return handlers->putConfig(request, nullopt);
  });
  router->add(Method::kDelete, "/config", [handlers](const Request&, const PathParams&) {
    return handlers->deleteConfig(nullopt);
  });
  router->add(Method::kGet, "/config/{subject}",
              [handlers](const Request& request, const PathParams& params) {
                return handlers->getConfig(request, params[0]);
              });
  router->add(Method::kPut, "/config/{subject}",
              [handlers](const Request& request, const PathParams& params) {
                return handlers->putConfig(request, params[0]);
              });
  router->add(Method::kDelete, "/config/{subject}",
              [handlers](const Request&, const PathParams& params) {
                return handlers->deleteConfig(params[0]);
              });
  router->add(Method::kGet, "/mode", [handlers](const Request& request, const PathParams&) {
    return handlers->getMode(request, nullopt);
  });
  router->add(Method::kPut, "/mode", [handlers](const Request& request, const PathParams&) {
    return handlers->putMode(request, nullopt);
  });
  router->add(Method::kGet, "/mode/{subject}",
              [handlers](const Request& request, const PathParams& params) {
                return handlers->getMode(request, params[0]);
              });
  router->add(Method::kPut, "/mode/{subject}",
              [handlers](const Request& request, const PathParams& params) {
                return handlers->putMode(request, params[0]);
              });
  router->add(Method::kDelete, "/mode/{subject}",
              [handlers](const Request&, const PathParams& params) {
                return handlers->deleteMode(params[0]);
              });
  return router;
}

}  // namespace tracker::schema_registry_service
