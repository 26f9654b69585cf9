#include "rest_api.h"

#include "common/base64.h"
#include "common/bracket_nesting.h"

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
// Request bodies are {"schema": …, "references": [{…}]}: a few levels; far more is an attack.
constexpr int kMaxBodyNesting = 64;

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
  if (!value) return fail(badRequest(value.error().message));
  return *value;
}

Result<std::optional<bool>> optionalFlag(const Request& request, std::string_view name) {
  if (!request.queryParam(name)) return std::optional<bool>();
  auto value = flag(request, name, false);
  if (!value) return tl::unexpected(value.error());
  return std::optional<bool>(*value);
}

Result<Json> parseBody(const Request& request) {
  // A DOM node per level: 8 MiB of '[' would cost ~700 MB before the shape check below.
  if (common::bracketNesting(request.body, common::kJsonBrackets) > kMaxBodyNesting) {
    return fail(badRequest("Request body nests deeper than " + std::to_string(kMaxBodyNesting) +
                           " levels"));
  }
  Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return fail(badRequest("Request body is not a JSON object"));
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
      return fail(emptySchema());
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
    return fail(badRequest(std::string("Malformed request body: ") + e.what()));
  }
  return submission;
}

Result<int> parseId(const std::string& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) {
    return fail(schemaIdNotFound(text));
  }
  return value;
}

// ---- response shapes --------------------------------------------------------------------------

Json referencesJson(const std::vector<Reference>& references) {
  Json array = Json::array();
  for (const Reference& reference : references) {
    array.push_back(
        {{"name", reference.name}, {"subject", reference.subject}, {"version", reference.version}});
  }
  return array;
}

std::string schemaText(const SchemaRecord& record, const Request& request) {
  return request.queryParam("format") == "serialized" ? common::base64Encode(record.descriptor)
                                                      : record.canonical;
}

/// The Schema entity (subject, version, id, schemaType, references, schema).
Json schemaEntity(const SubjectSchema& entry, const Request& request) {
  Json body{{"subject", entry.subject},
            {"version", entry.version},
            {"id", entry.schema->id},
            {"schemaType", "PROTOBUF"},
            {"schema", schemaText(*entry.schema, request)}};
  if (!entry.schema->references.empty())
    body["references"] = referencesJson(entry.schema->references);
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

#define TRY_ASSIGN(name, expression)                               \
  auto name##_result = (expression);                               \
  if (!name##_result) return errorResponse(name##_result.error()); \
  auto name = std::move(*name##_result)

// ---- one handler per route --------------------------------------------------------------------

Response getRoot(const Request&, const PathParams&) { return json(Json::object()); }

Response getSchemaTypes(const Request&, const PathParams&) { return json(Json{"PROTOBUF"}); }

Response getAssociations(const Request&, const PathParams&) { return json(Json::array()); }

struct Handlers {
  Registry& registry;
  Settings& settings;

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
    return respond(registry.version(params[0], params[1], deleted),
                   [&](const SubjectSchema& entry) {
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

  Response testCompatibilityWithVersion(const Request& request, const PathParams& params) {
    return testCompatibility(request, params[0], params[1]);
  }

  Response testCompatibilityWithLevel(const Request& request, const PathParams& params) {
    return testCompatibility(request, params[0], std::nullopt);
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
    return respond(settings.config(subject, default_to_global), [](const auto& config) {
      return json(configJson(config, "compatibilityLevel"));
    });
  }

  Response putConfig(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(body, parseBody(request));
    if (!body.contains("compatibility") || !body["compatibility"].is_string()) {
      return errorResponse(compatibilityLevelRequired());
    }
    std::optional<bool> normalize;
    if (body.contains("normalize") && body["normalize"].is_boolean()) {
      normalize = body["normalize"].get<bool>();
    }
    return respond(settings.setConfig(subject, body["compatibility"].get<std::string>(), normalize),
                   [](const auto& config) { return json(configJson(config, "compatibility")); });
  }

  Response deleteConfig(const Request&, const std::optional<std::string>& subject) {
    return respond(settings.deleteConfig(subject), [](const auto& config) {
      return json(configJson(config, "compatibilityLevel"));
    });
  }

  Response getMode(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(default_to_global, flag(request, "defaultToGlobal", false));
    return respond(settings.mode(subject, default_to_global), [](Mode mode) {
      return json(Json{{"mode", std::string(modeName(mode))}});
    });
  }

  Response putMode(const Request& request, const std::optional<std::string>& subject) {
    TRY_ASSIGN(body, parseBody(request));
    if (!body.contains("mode") || !body["mode"].is_string()) {
      return errorResponse(modeRequired());
    }
    return respond(settings.setMode(subject, body["mode"].get<std::string>()), [](Mode mode) {
      return json(Json{{"mode", std::string(modeName(mode))}});
    });
  }

  Response deleteMode(const Request&, const std::optional<std::string>& subject) {
    return respond(settings.deleteMode(subject), [](Mode mode) {
      return json(Json{{"mode", std::string(modeName(mode))}});
    });
  }
};

using HandlersPtr = std::shared_ptr<Handlers>;
using Member = Response (Handlers::*)(const Request&, const PathParams&);
using SettingsMember = Response (Handlers::*)(const Request&, const std::optional<std::string>&);

http_server::RouteHandler bind(const HandlersPtr& handlers, Member member) {
  return [handlers, member](const Request& request, const PathParams& params) {
    return ((*handlers).*member)(request, params);
  };
}

// A /config or /mode route: the global setting (no path parameter) or a subject's.
http_server::RouteHandler bindSetting(const HandlersPtr& handlers, SettingsMember member,
                                      bool per_subject) {
  return [handlers, member, per_subject](const Request& request, const PathParams& params) {
    const auto subject = per_subject ? std::optional<std::string>(params[0]) : std::nullopt;
    return ((*handlers).*member)(request, subject);
  };
}

void addSchemaRoutes(http_server::Router& router, const HandlersPtr& handlers) {
  const auto route = [&](Method method, std::string_view pattern, Member member) {
    router.add(method, pattern, bind(handlers, member));
  };
  router.add(Method::kGet, "/", getRoot);
  router.add(Method::kGet, "/schemas/types", getSchemaTypes);
  router.add(Method::kGet, "/associations/resources/{namespace}/{name}", getAssociations);
  route(Method::kGet, "/subjects", &Handlers::listSubjects);
  route(Method::kGet, "/subjects/{subject}/versions", &Handlers::listVersions);
  route(Method::kPost, "/subjects/{subject}/versions", &Handlers::registerSchema);
  route(Method::kGet, "/subjects/{subject}/versions/{version}", &Handlers::getVersion);
  route(Method::kGet, "/subjects/{subject}/versions/{version}/schema", &Handlers::getVersionSchema);
  route(Method::kDelete, "/subjects/{subject}/versions/{version}", &Handlers::deleteVersion);
  route(Method::kPost, "/subjects/{subject}", &Handlers::lookupSchema);
  route(Method::kDelete, "/subjects/{subject}", &Handlers::deleteSubject);
  route(Method::kGet, "/schemas/ids/{id}", &Handlers::getSchemaById);
  route(Method::kGet, "/schemas/ids/{id}/schema", &Handlers::getSchemaByIdRaw);
  route(Method::kGet, "/schemas/ids/{id}/versions", &Handlers::getSchemaVersions);
  route(Method::kGet, "/schemas/ids/{id}/subjects", &Handlers::getSchemaSubjects);
  route(Method::kPost, "/compatibility/subjects/{subject}/versions/{version}",
        &Handlers::testCompatibilityWithVersion);
  route(Method::kPost, "/compatibility/subjects/{subject}/versions",
        &Handlers::testCompatibilityWithLevel);
}

void addSettingsRoutes(http_server::Router& router, const HandlersPtr& handlers) {
  const auto route = [&](Method method, std::string_view pattern, SettingsMember member) {
    const bool per_subject = pattern.ends_with("{subject}");
    router.add(method, pattern, bindSetting(handlers, member, per_subject));
  };
  route(Method::kGet, "/config", &Handlers::getConfig);
  route(Method::kPut, "/config", &Handlers::putConfig);
  route(Method::kDelete, "/config", &Handlers::deleteConfig);
  route(Method::kGet, "/config/{subject}", &Handlers::getConfig);
  route(Method::kPut, "/config/{subject}", &Handlers::putConfig);
  route(Method::kDelete, "/config/{subject}", &Handlers::deleteConfig);
  route(Method::kGet, "/mode", &Handlers::getMode);
  route(Method::kPut, "/mode", &Handlers::putMode);
  route(Method::kGet, "/mode/{subject}", &Handlers::getMode);
  route(Method::kPut, "/mode/{subject}", &Handlers::putMode);
  route(Method::kDelete, "/mode/{subject}", &Handlers::deleteMode);
}

}  // namespace

http_server::Response errorResponse(const Error& error) {
  return errorJson(confluentCode(error.code), error.message);
}

std::unique_ptr<http_server::Router> makeRestApi(Registry& registry, Settings& settings) {
  auto router = std::make_unique<http_server::Router>(
      errorJson(404, "HTTP 404 Not Found"), errorJson(405, "HTTP 405 Method Not Allowed"));
  auto handlers = std::make_shared<Handlers>(Handlers{registry, settings});
  addSchemaRoutes(*router, handlers);
  addSettingsRoutes(*router, handlers);
  return router;
}

}  // namespace tracker::schema_registry_service
