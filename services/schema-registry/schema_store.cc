// The PostgreSQL SchemaStore: every SQL statement of the registry. Descriptors travel as hex
// text (encode/decode in SQL), references as jsonb text; every value is a parameter.

#include "schema_store.h"

#include "postgres/pool.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace tracker::schema_registry_service {
namespace {

using Json = nlohmann::json;
using postgres::Param;
using postgres::QueryResult;

// Any constant works as long as every registry instance uses the same one.
constexpr const char* kWriteLockSql = "select pg_advisory_xact_lock(7235100001)";
constexpr const char* kFingerprint = "encode(sha256(convert_to($1, 'UTF8')), 'hex')";

std::string hexDecode(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  auto value = [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'a' + 10;
  };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1])));
  }
  return out;
}

std::string hexEncode(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string referencesJson(const std::vector<Reference>& references) {
  Json array = Json::array();
  for (const Reference& reference : references) {
    array.push_back(
        {{"name", reference.name}, {"subject", reference.subject}, {"version", reference.version}});
  }
  return array.dump();
}

Result<std::vector<Reference>> parseReferencesJson(const std::string& text) {
  std::vector<Reference> references;
  try {
    for (const Json& item : Json::parse(text)) {
      references.push_back(Reference{item.at("name").get<std::string>(),
                                     item.at("subject").get<std::string>(),
                                     item.at("version").get<int>()});
    }
  } catch (const Json::exception& e) {
    return fail(storeError(std::string("stored references cannot be read: ") + e.what()));
  }
  return references;
}

Result<int> integerAt(const QueryResult& result, int row, int column) {
  auto value = result.integer(row, column);
  if (!value) return fail(storeError(value.error().message));
  return static_cast<int>(*value);
}

std::optional<ConfigRow> configRow(const QueryResult& result) {
  if (result.rowCount() == 0) return std::nullopt;
  ConfigRow row{result.value(0, 0), std::nullopt};
  if (const auto normalize = result.value(0, 1)) row.normalize = *normalize == "t";
  return row;
}

// Appends " and version = $2" to `sql` when one version is meant.
std::string oneOrAll(std::string sql, std::optional<int> version, std::vector<Param>& params) {
  if (!version) return sql;
  params.push_back(std::to_string(*version));
  return sql + " and version = $2";
}

class PostgresSession final : public StoreSession {
 public:
  explicit PostgresSession(postgres::Lease& lease) : lease_(lease) {}

  // Runs one statement; a failure becomes kStoreError.
  Result<QueryResult> exec(std::string_view sql, const std::vector<Param>& params = {}) {
    auto result = lease_.exec(sql, params, "PostgreSQL");
    if (!result) return fail(storeError(result.error().message));
    return std::move(*result);
  }

  Result<std::optional<SchemaRecord>> schema(int id) override {
    auto rows = exec(
        "select canonical, encode(descriptor, 'hex'), refs::text from registry_schema where id = "
        "$1",
        {std::to_string(id)});
    if (!rows) return fail(rows.error());
    if (rows->rowCount() == 0) return std::nullopt;
    auto references = parseReferencesJson(rows->text(0, 2));
    if (!references) return fail(references.error());
    return SchemaRecord{id, rows->text(0, 0), hexDecode(rows->text(0, 1)), std::move(*references)};
  }

  Result<std::optional<int>> schemaIdOf(const std::string& identity) override {
    auto rows =
        exec(std::string("select id from registry_schema where fingerprint = ") + kFingerprint,
             {identity});
    if (!rows) return fail(rows.error());
    if (rows->rowCount() == 0) return std::nullopt;
    return integerAt(*rows, 0, 0);
  }

  Result<int> insertSchema(const NewSchema& schema) override {
    auto next = exec("select coalesce(max(id), 0) + 1 from registry_schema");
    if (!next) return fail(next.error());
    auto id = integerAt(*next, 0, 0);
    if (!id) return id;
    auto inserted = exec(
        std::string("insert into registry_schema (id, fingerprint, canonical, descriptor, refs) "
                    "values ($2, ") +
            kFingerprint + ", $3, decode($4, 'hex'), $5::jsonb)",
        {schema.identity, std::to_string(*id), schema.canonical, hexEncode(schema.descriptor),
         referencesJson(schema.references)});
    if (!inserted) return fail(inserted.error());
    return id;
  }

  Result<std::optional<ResolvedReference>> schemaOfVersion(const std::string& subject,
                                                           int version) override {
    auto rows = exec(
        "select encode(s.descriptor, 'hex'), s.refs::text from registry_subject_version v "
        "join registry_schema s on s.id = v.schema_id where v.subject = $1 and v.version = $2",
        {subject, std::to_string(version)});
    if (!rows) return fail(rows.error());
    if (rows->rowCount() == 0) return std::nullopt;
    auto references = parseReferencesJson(rows->text(0, 1));
    if (!references) return fail(references.error());
    return ResolvedReference{hexDecode(rows->text(0, 0)), std::move(*references)};
  }

  Result<std::vector<VersionRecord>> subjectVersions(const std::string& subject) override {
    auto rows = exec(
        "select version, schema_id, deleted from registry_subject_version where subject = $1 "
        "order by version",
        {subject});
    if (!rows) return fail(rows.error());
    std::vector<VersionRecord> out;
    for (int row = 0; row < rows->rowCount(); ++row) {
      auto version = integerAt(*rows, row, 0);
      auto schema_id = integerAt(*rows, row, 1);
      if (!version || !schema_id) return fail(!version ? version.error() : schema_id.error());
      out.push_back(VersionRecord{subject, *version, *schema_id, rows->boolean(row, 2)});
    }
    return out;
  }

  Result<std::vector<VersionRecord>> versionsOfSchema(int id) override {
    auto rows = exec(
        "select subject, version, deleted from registry_subject_version where schema_id = $1 "
        "order by subject, version",
        {std::to_string(id)});
    if (!rows) return fail(rows.error());
    std::vector<VersionRecord> out;
    for (int row = 0; row < rows->rowCount(); ++row) {
      auto version = integerAt(*rows, row, 1);
      if (!version) return fail(version.error());
      out.push_back(VersionRecord{rows->text(row, 0), *version, id, rows->boolean(row, 2)});
    }
    return out;
  }

  Result<std::vector<std::string>> subjects(bool include_deleted,
                                            std::string_view prefix) override {
    auto rows = exec(
        "select distinct subject from registry_subject_version where ($1 or not deleted) "
        "and starts_with(subject, $2) order by subject",
        {include_deleted ? "true" : "false", std::string(prefix)});
    if (!rows) return fail(rows.error());
    std::vector<std::string> out;
    for (int row = 0; row < rows->rowCount(); ++row) out.push_back(rows->text(row, 0));
    return out;
  }

  Result<void> insertVersion(const std::string& subject, int version, int schema_id) override {
    return done(exec(
        "insert into registry_subject_version (subject, version, schema_id) values ($1, $2, $3)",
        {subject, std::to_string(version), std::to_string(schema_id)}));
  }

  Result<void> softDeleteVersions(const std::string& subject, std::optional<int> version) override {
    std::vector<Param> params{subject};
    const std::string sql = oneOrAll(
        "update registry_subject_version set deleted = true where subject = $1", version, params);
    return done(exec(sql, params));
  }

  Result<void> removeVersions(const std::string& subject, std::optional<int> version) override {
    std::vector<Param> params{subject};
    const std::string sql =
        oneOrAll("delete from registry_subject_version where subject = $1", version, params);
    return done(exec(sql, params));
  }

  Result<bool> isReferenced(const std::string& subject, int version) override {
    auto rows = exec(
        "select 1 from registry_schema s where s.refs @> jsonb_build_array(jsonb_build_object("
        "'subject', $1::text, 'version', $2::int)) and exists (select 1 from "
        "registry_subject_version v where v.schema_id = s.id) limit 1",
        {subject, std::to_string(version)});
    if (!rows) return fail(rows.error());
    return rows->rowCount() > 0;
  }

  Result<std::optional<ConfigRow>> config(const std::string& key) override {
    auto rows =
        exec("select compatibility, normalize from registry_config where subject = $1", {key});
    if (!rows) return fail(rows.error());
    return configRow(*rows);
  }

  Result<void> putConfig(const std::string& key, std::string_view level,
                         std::optional<bool> normalize) override {
    return done(exec(
        "insert into registry_config (subject, compatibility, normalize) values ($1, $2, $3) "
        "on conflict (subject) do update set compatibility = excluded.compatibility, "
        "normalize = coalesce(excluded.normalize, registry_config.normalize)",
        {key, std::string(level), normalize ? Param(*normalize ? "true" : "false") : Param()}));
  }

  Result<std::optional<ConfigRow>> removeConfig(const std::string& key) override {
    auto rows = exec(
        "delete from registry_config where subject = $1 returning compatibility, normalize", {key});
    if (!rows) return fail(rows.error());
    return configRow(*rows);
  }

  Result<std::optional<std::string>> mode(const std::string& key) override {
    return firstValue(exec("select mode from registry_mode where subject = $1", {key}));
  }

  Result<void> putMode(const std::string& key, std::string_view mode) override {
    return done(
        exec("insert into registry_mode (subject, mode) values ($1, $2) "
             "on conflict (subject) do update set mode = excluded.mode",
             {key, std::string(mode)}));
  }

  Result<std::optional<std::string>> removeMode(const std::string& key) override {
    return firstValue(exec("delete from registry_mode where subject = $1 returning mode", {key}));
  }

  static Result<void> done(const Result<QueryResult>& result) {
    if (!result) return fail(result.error());
    return {};
  }

 private:
  static Result<std::optional<std::string>> firstValue(const Result<QueryResult>& result) {
    if (!result) return fail(result.error());
    if (result->rowCount() == 0) return std::nullopt;
    return result->value(0, 0);
  }

  postgres::Lease& lease_;
};

class PostgresSchemaStore final : public SchemaStore {
 public:
  explicit PostgresSchemaStore(postgres::PoolOptions options) : pool_(std::move(options)) {}

  Result<void> read(const StoreWork& work) override {
    auto lease = pool_.lease();
    if (!lease) return fail(storeError(lease.error().message));
    PostgresSession session(*lease);
    return work(session);
  }

  Result<void> write(const StoreWork& work) override {
    auto lease = pool_.lease();
    if (!lease) return fail(storeError(lease.error().message));
    PostgresSession session(*lease);
    for (const char* sql : {"begin", kWriteLockSql}) {
      if (auto begun = session.exec(sql); !begun) return rollback(session, begun.error());
    }
    if (auto done = work(session); !done) return rollback(session, done.error());
    if (auto committed = session.exec("commit"); !committed) {
      return rollback(session, committed.error());
    }
    return {};
  }

  /// Connects once and reads a registry table: fails when the DSN or the migration is wrong.
  Result<void> checkTables() {
    auto lease = pool_.lease();
    if (!lease) return fail(storeError(lease.error().message));
    return PostgresSession::done(
        PostgresSession(*lease).exec("select count(*) from registry_schema"));
  }

 private:
  static Result<void> rollback(PostgresSession& session, Error error) {
    (void)session.exec("rollback");
    return fail(std::move(error));
  }

  postgres::Pool pool_;
};

}  // namespace

Result<std::unique_ptr<SchemaStore>> openPostgresSchemaStore(const std::string& dsn,
                                                             std::size_t connections) {
  postgres::PoolOptions options;
  options.connect = postgres::ConnectOptions{dsn, "schema-registry"};
  options.max_connections = connections;
  // One connection per HTTP thread, so a lease hardly ever waits; the bound is a safety net.
  options.lease_wait = std::chrono::seconds(30);
  auto store = std::make_unique<PostgresSchemaStore>(std::move(options));
  if (auto checked = store->checkTables(); !checked) return fail(checked.error());
  return std::unique_ptr<SchemaStore>(std::move(store));
}

}  // namespace tracker::schema_registry_service
