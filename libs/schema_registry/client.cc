#include "schema_registry/client.h"

#include "http/errors.h"
#include "schema_registry/errors.h"
#include "schema_registry/json_codec.h"
#include "schema_registry/url.h"

#include <random>
#include <thread>

namespace tracker::schema_registry {
namespace {

constexpr std::string_view kContentType = "application/vnd.schemaregistry.v1+json";
// Spec §1.1: what Confluent's own clients accept.
constexpr std::string_view kAccept =
    "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
    "application/json";
constexpr std::size_t kQuotedBodyChars = 200;

// A uniform draw from [0, 1) for back-off jitter; one generator per thread, no shared state.
double randomUnit() {
  thread_local std::minstd_rand generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

// Cache key for (subject, schema, normalize). '\0' cannot occur in subjects or JSON text, so the
// concatenation is unambiguous.
std::string schemaKey(std::string_view subject, const Schema& schema, bool normalize) {
  std::string key(subject);
  key += '\0';
  key += normalize ? '1' : '0';
  key += '\0';
  key += encodeSchemaRequest(schema);
  return key;
}

std::int64_t idKey(int id, SchemaFormat format) {
  return (static_cast<std::int64_t>(id) << 1) | (format == SchemaFormat::kSerialized ? 1 : 0);
}

// The error for a non-2xx answer: the registry's own error number when its body says, else the
// status.
common::Error errorFromResponse(const http::Response& response, std::string_view what) {
  if (auto body = decodeErrorBody(response.body)) {
    return {errc::registryCode(body->error_code), std::string(what) + ": " + body->message +
                                                      " (HTTP " + std::to_string(response.status) +
                                                      ")"};
  }
  std::string quoted = response.body.substr(0, kQuotedBodyChars);
  if (response.body.size() > kQuotedBodyChars) quoted += "...";
  return {"schema_registry.http_" + std::to_string(response.status),
          std::string(what) + ": HTTP " + std::to_string(response.status) + " " + quoted};
}

tl::unexpected<common::Error> invalidArgument(std::string message) {
  return common::makeError(std::string(errc::kInvalidArgument), std::move(message));
}

// Versions are 1..2^31-1 or kLatestVersion (spec §1.3).
bool isValidVersion(int version) { return version == kLatestVersion || version > 0; }

QueryParams formatQuery(SchemaFormat format) {
  if (format == SchemaFormat::kSerialized) return {{"format", "serialized"}};
  return {};
}

}  // namespace

common::Result<std::unique_ptr<Client>> Client::create(ClientOptions options) {
  auto base_url = normalizeBaseUrl(options.base_url);
  if (!base_url) return tl::unexpected(base_url.error());
  if (options.retry.max_attempts < 1) {
    return invalidArgument("retry.max_attempts must be at least 1");
  }
  auto http = http::Client::create(options.http);
  if (!http) return tl::unexpected(http.error());
  if (!options.sleep) {
    options.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
  }
  return std::unique_ptr<Client>(
      new Client(std::move(options), std::move(*base_url), std::move(*http)));
}

Client::Client(ClientOptions options, std::string base_url, http::Client http)
    : options_(std::move(options)),
      base_url_(std::move(base_url)),
      http_(std::move(http)),
      register_cache_(options_.cache_capacity),
      lookup_cache_(options_.cache_capacity),
      schema_by_id_cache_(options_.cache_capacity) {}

Client::~Client() = default;

common::Result<std::string> Client::execute(http::Method method, std::string url,
                                            std::string body) {
  http::Request request{method, std::move(url), options_.extra_headers, std::move(body)};
  request.headers.push_back({"Accept", std::string(kAccept)});
  if (!request.body.empty()) request.headers.push_back({"Content-Type", std::string(kContentType)});
  const std::string what = std::string(http::methodName(method)) + " " + request.url;

  for (int attempt = 1;; ++attempt) {
    auto response = http_.send(request);
    const bool last = attempt >= options_.retry.max_attempts;
    if (response) {
      if (response->status >= 200 && response->status < 300) return std::move(response->body);
      if (last || !isRetriableStatus(response->status)) {
        return tl::unexpected(errorFromResponse(*response, what));
      }
    } else if (response.error().code != http::errc::kTransport) {
      // Malformed URL or oversized answer: repeating cannot help.
      const std::string code = response.error().code == http::errc::kInvalidRequest
                                   ? std::string(errc::kInvalidArgument)
                                   : std::string(errc::kInvalidResponse);
      return common::makeError(code, response.error().message);
    } else if (last) {
      return common::makeError(
          std::string(errc::kTransport),
          response.error().message + " (after " + std::to_string(attempt) + " attempts)");
    }
    options_.sleep(backoffDelay(options_.retry, attempt, randomUnit()));
  }
}

common::Result<RegisterResult> Client::registerSchema(std::string_view subject,
                                                      const Schema& schema, bool normalize) {
  const std::string key = schemaKey(subject, schema, normalize);
  if (auto cached = register_cache_.get(key)) return *cached;
  QueryParams query;
  if (normalize) query.emplace_back("normalize", "true");
  auto body =
      execute(http::Method::kPost, buildUrl(base_url_, {"subjects", subject, "versions"}, query),
              encodeSchemaRequest(schema));
  if (!body) return tl::unexpected(body.error());
  auto result = decodeRegisterResponse(*body);
  if (result) register_cache_.put(key, *result);
  return result;
}

common::Result<RegisteredSchema> Client::lookupSchema(std::string_view subject,
                                                      const Schema& schema, bool normalize) {
  const std::string key = schemaKey(subject, schema, normalize);
  if (auto cached = lookup_cache_.get(key)) return *cached;
  QueryParams query;
  if (normalize) query.emplace_back("normalize", "true");
  auto body = execute(http::Method::kPost, buildUrl(base_url_, {"subjects", subject}, query),
                      encodeSchemaRequest(schema));
  if (!body) return tl::unexpected(body.error());
  auto result = decodeRegisteredSchema(*body);
  if (result) lookup_cache_.put(key, *result);
  return result;
}

common::Result<Schema> Client::getSchemaById(int id, SchemaFormat format) {
  if (id <= 0) return invalidArgument("schema id " + std::to_string(id) + " is not positive");
  if (auto cached = schema_by_id_cache_.get(idKey(id, format))) return *cached;
  auto body =
      execute(http::Method::kGet,
              buildUrl(base_url_, {"schemas", "ids", std::to_string(id)}, formatQuery(format)), {});
  if (!body) return tl::unexpected(body.error());
  auto result = decodeSchema(*body);
  if (result) schema_by_id_cache_.put(idKey(id, format), *result);
  return result;
}

common::Result<RegisteredSchema> Client::getVersion(std::string_view subject, int version,
                                                    SchemaFormat format, bool include_deleted) {
  if (!isValidVersion(version)) {
    return invalidArgument("version " + std::to_string(version) + " is not valid");
  }
  QueryParams query = formatQuery(format);
  if (include_deleted) query.emplace_back("deleted", "true");
  auto body = execute(
      http::Method::kGet,
      buildUrl(base_url_, {"subjects", subject, "versions", versionSegment(version)}, query), {});
  if (!body) return tl::unexpected(body.error());
  return decodeRegisteredSchema(*body);
}

common::Result<std::vector<std::string>> Client::listSubjects(bool include_deleted) {
  QueryParams query;
  if (include_deleted) query.emplace_back("deleted", "true");
  auto body = execute(http::Method::kGet, buildUrl(base_url_, {"subjects"}, query), {});
  if (!body) return tl::unexpected(body.error());
  return decodeStringList(*body);
}

common::Result<std::vector<int>> Client::listVersions(std::string_view subject,
                                                      bool include_deleted) {
  QueryParams query;
  if (include_deleted) query.emplace_back("deleted", "true");
  auto body = execute(http::Method::kGet,
                      buildUrl(base_url_, {"subjects", subject, "versions"}, query), {});
  if (!body) return tl::unexpected(body.error());
  return decodeIntList(*body);
}

common::Result<CompatibilityResult> Client::testCompatibility(std::string_view subject, int version,
                                                              const Schema& schema, bool verbose) {
  if (!isValidVersion(version)) {
    return invalidArgument("version " + std::to_string(version) + " is not valid");
  }
  QueryParams query;
  if (verbose) query.emplace_back("verbose", "true");
  auto body = execute(
      http::Method::kPost,
      buildUrl(base_url_,
               {"compatibility", "subjects", subject, "versions", versionSegment(version)}, query),
      encodeSchemaRequest(schema));
  if (!body) return tl::unexpected(body.error());
  return decodeCompatibility(*body);
}

common::Result<std::string> Client::getConfig(std::optional<std::string_view> subject) {
  const std::string url =
      subject ? buildUrl(base_url_, {"config", *subject}) : buildUrl(base_url_, {"config"});
  auto body = execute(http::Method::kGet, url, {});
  if (!body) return tl::unexpected(body.error());
  return decodeConfigLevel(*body);
}

common::Result<std::string> Client::setConfig(std::optional<std::string_view> subject,
                                              std::string_view compatibility_level) {
  const std::string url =
      subject ? buildUrl(base_url_, {"config", *subject}) : buildUrl(base_url_, {"config"});
  auto body = execute(http::Method::kPut, url, encodeConfigUpdate(compatibility_level));
  if (!body) return tl::unexpected(body.error());
  return decodeConfigLevel(*body);
}

common::Result<std::vector<int>> Client::deleteSubject(std::string_view subject, bool permanent) {
  QueryParams query;
  if (permanent) query.emplace_back("permanent", "true");
  auto body = execute(http::Method::kDelete, buildUrl(base_url_, {"subjects", subject}, query), {});
  // Cached (subject, schema) answers may now name deleted versions.
  register_cache_.clear();
  lookup_cache_.clear();
  if (!body) return tl::unexpected(body.error());
  return decodeIntList(*body);
}

common::Result<int> Client::deleteVersion(std::string_view subject, int version, bool permanent) {
  if (!isValidVersion(version)) {
    return invalidArgument("version " + std::to_string(version) + " is not valid");
  }
  QueryParams query;
  if (permanent) query.emplace_back("permanent", "true");
  auto body = execute(
      http::Method::kDelete,
      buildUrl(base_url_, {"subjects", subject, "versions", versionSegment(version)}, query), {});
  register_cache_.clear();
  lookup_cache_.clear();
  if (!body) return tl::unexpected(body.error());
  return decodeInt(*body);
}

}  // namespace tracker::schema_registry
