#pragma once

// A Confluent-compatible Schema Registry REST client (spec §1), usable against Confluent,
// Apicurio's ccompat API, Karapace and Redpanda.

#include "common/result.h"
#include "http/client.h"
#include "schema_registry/lru_cache.h"
#include "schema_registry/retry.h"
#include "schema_registry/schema_source.h"
#include "schema_registry/types.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::schema_registry {

/// How to reach the registry and how hard to try.
struct ClientOptions {
  /// e.g. "http://127.0.0.1:8081" or "http://127.0.0.1:28081/apis/ccompat/v7" (a path prefix is
  /// kept; trailing slashes are ignored).
  std::string base_url{};
  /// Connect/request time-outs and the response size bound of each attempt.
  http::ClientOptions http{};
  /// Repeats of transport failures and HTTP 408/429/5xx.
  RetryPolicy retry{};
  /// Entries per cache (three caches: register, lookup, schema by id). 0 disables caching.
  std::size_t cache_capacity = 1'000;
  /// Added to every request, e.g. {"Authorization", "Basic ..."}.
  http::Headers extra_headers{};
  /// How back-off waits are spent; tests inject a recorder. Default: std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleep{};
};

/// Registry client with retries and bounded caches.
///
/// Thread-safe. Requests are serialized over one kept-alive connection (http::Client); back-off
/// waits happen outside that lock. Caches (each LRU, `cache_capacity` entries):
///  - (subject, schema, normalize) → RegisterResult, filled by registerSchema;
///  - (subject, schema, normalize) → RegisteredSchema, filled by lookupSchema;
///  - (id, format) → Schema, filled by getSchemaById (ids are immutable in every registry).
/// deleteSubject/deleteVersion clear the first two; changes made by other processes are not
/// seen until an entry is evicted, so a long-lived process that deletes subjects elsewhere should
/// size the cache accordingly or create a new Client.
///
/// Errors: "schema_registry.<error_code>" when the registry explained the failure (errors.h),
/// "schema_registry.http_<status>" for other non-2xx answers, errc::kTransport when no answer came
/// on any attempt, errc::kInvalidResponse for a 2xx body of the wrong shape.
class Client final : public SchemaSource {
 public:
  /// Validates the options and creates the HTTP client. Fails with errc::kInvalidArgument for a
  /// malformed base URL. Nothing is sent yet.
  static common::Result<std::unique_ptr<Client>> create(ClientOptions options);

  /// Closes the connection.
  ~Client() override;

  /// See SchemaSource::registerSchema. Answers are cached per (subject, schema, normalize).
  common::Result<RegisterResult> registerSchema(std::string_view subject, const Schema& schema,
                                                bool normalize) override;

  /// See SchemaSource::lookupSchema. Answers are cached per (subject, schema, normalize).
  common::Result<RegisteredSchema> lookupSchema(std::string_view subject, const Schema& schema,
                                                bool normalize) override;

  /// See SchemaSource::getSchemaById. Answers are cached per (id, format). Fails with
  /// errc::kInvalidArgument for id ≤ 0 without asking the registry.
  common::Result<Schema> getSchemaById(int id, SchemaFormat format) override;

  /// See SchemaSource::getVersion. Not cached (`latest` moves). Fails with
  /// errc::kInvalidArgument for a version that is neither kLatestVersion nor positive.
  common::Result<RegisteredSchema> getVersion(std::string_view subject, int version,
                                              SchemaFormat format, bool include_deleted) override;

  /// GET /subjects: every subject (soft-deleted ones too when `include_deleted`).
  common::Result<std::vector<std::string>> listSubjects(bool include_deleted);

  /// GET /subjects/{subject}/versions. Fails with 40401.
  common::Result<std::vector<int>> listVersions(std::string_view subject, bool include_deleted);

  /// POST /compatibility/subjects/{subject}/versions/{version}: would `schema` be accepted as a
  /// new version, checked against `version` (kLatestVersion: the latest)? With `verbose` the
  /// registry explains incompatibilities in `messages`.
  common::Result<CompatibilityResult> testCompatibility(std::string_view subject, int version,
                                                        const Schema& schema, bool verbose);

  /// GET /config (no subject) or /config/{subject}: the compatibility level, e.g. "BACKWARD".
  /// For a subject without its own level this fails with 40408 (no fallback to global).
  common::Result<std::string> getConfig(std::optional<std::string_view> subject);

  /// PUT /config or /config/{subject}: sets the compatibility level (NONE, BACKWARD,
  /// BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE) and returns the
  /// level the registry echoes. Fails with 42203 for an unknown level.
  common::Result<std::string> setConfig(std::optional<std::string_view> subject,
                                        std::string_view compatibility_level);

  /// DELETE /subjects/{subject}[?permanent=true]: returns the deleted versions. A permanent delete
  /// requires a prior soft delete (40405 otherwise).
  common::Result<std::vector<int>> deleteSubject(std::string_view subject, bool permanent);

  /// DELETE /subjects/{subject}/versions/{version}[?permanent=true]: returns the deleted version.
  common::Result<int> deleteVersion(std::string_view subject, int version, bool permanent);

 private:
  Client(ClientOptions options, std::string base_url, http::Client http);

  // Sends one request with retries; returns the body of a 2xx answer or the mapped error.
  common::Result<std::string> execute(http::Method method, std::string url, std::string body);

  ClientOptions options_;
  std::string base_url_;
  http::Client http_;
  LruCache<std::string, RegisterResult> register_cache_;
  LruCache<std::string, RegisteredSchema> lookup_cache_;
  LruCache<std::int64_t, Schema> schema_by_id_cache_;
};

}  // namespace tracker::schema_registry
