#include "registry.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>

namespace tracker::schema_registry_service {
namespace {

using Json = nlohmann::json;

constexpr const char* kGlobal = "";  // registry_config / registry_mode row of the global setting
constexpr const char* kFingerprint = "encode(sha256(convert_to($1, 'UTF8')), 'hex')";

std::string hexDecode(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  auto value = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'a' + 10; };
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
    array.push_back({{"name", reference.name}, {"subject", reference.subject},
                     {"version", reference.version}});
  }
  return array.dump();
}

std::vector<Reference> parseReferencesJson(const std::string& text) {
  std::vector<Reference> references;
  for (const Json& item : Json::parse(text)) {
    references.push_back(Reference{item.at("name").get<std::string>(),
                                   item.at("subject").get<std::string>(),
                                   item.at("version").get<int>()});
  }
  return references;
}

Result<void> validateSubject(const std::string& subject) {
  if (subject.empty() ||
      std::any_of(subject.begin(), subject.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return fail(Errc::kInvalidSubject, "Invalid subject '" + subject + "'");
  }
  return {};
}

Result<void> checkSchemaType(const SchemaSubmission& submission) {
  std::string type = submission.schema_type;
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (type == "PROTOBUF") return {};
  return fail(Errc::kInvalidSchema,
              "This registry supports only schemaType PROTOBUF, got '" +
                  (submission.schema_type.empty() ? std::string("AVRO (default)")
                                                  : submission.schema_type) +
                  "'");
}

std::optional<Mode> parseMode(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "READWRITE") return Mode::kReadWrite;
  if (upper == "READONLY") return Mode::kReadOnly;
  if (upper == "READONLY_OVERRIDE") return Mode::kReadOnlyOverride;
  return std::nullopt;
}

}  // namespace

std::string_view modeName(Mode mode) {
  switch (mode) {
    case Mode::kReadWrite: return "READWRITE";
    case Mode::kReadOnly: return "READONLY";
    case Mode::kReadOnlyOverride: return "READONLY_OVERRIDE";
  }
  return "READWRITE";
}

Result<std::optional<int>> parseVersion(std::string_view text) {
  if (text == "latest" || text == "-1") return std::optional<int>();
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > INT_MAX) {
    return fail(Errc::kInvalidVersion,
                "The specified version '" + std::string(text) +
                    "' is not a valid version id. Allowed values are between [1, 2^31-1] and the "
                    "string \"latest\"");
  }
  return std::optional<int>(static_cast<int>(value));
}

Registry::Registry(Store& store, std::size_t cache_limit)
    : store_(store), cache_limit_(std::max<std::size_t>(16, cache_limit)) {}

Result<std::vector<VersionRecord>> Registry::subjectRows(Connection& connection,
                                                         const std::string& subject) {
  auto rows = connection.exec(
      "select version, schema_id, deleted from registry_subject_version where subject = $1 "
      "order by version",
      {subject});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<VersionRecord> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    out.push_back(VersionRecord{subject, rows->integer(i, 0), rows->integer(i, 1),
                                rows->boolean(i, 2)});
  }
  return out;
}

Result<std::shared_ptr<const SchemaRecord>> Registry::loadRecord(Connection& connection, int id) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = records_.find(id); found != records_.end()) return found->second;
  }
  auto rows = connection.exec(
      "select canonical, encode(descriptor, 'hex'), refs::text from registry_schema where id = $1",
      {std::to_string(id)});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return fail(Errc::kSchemaNotFound, "Schema " + std::to_string(id) + " not found");
  auto record = std::make_shared<SchemaRecord>();
  record->id = id;
  record->canonical = rows->text(0, 0);
  record->descriptor = hexDecode(rows->text(0, 1));
  record->references = parseReferencesJson(rows->text(0, 2));
  std::lock_guard lock(cache_mutex_);
  if (records_.size() >= cache_limit_) records_.clear();
  records_[id] = record;
  return std::shared_ptr<const SchemaRecord>(record);
}

namespace {

// Resolves references against the store through `connection`.
ReferenceResolver makeResolver(Connection& connection) {
  return [&connection](const Reference& reference) -> Result<ResolvedReference> {
    auto rows = connection.exec(
        "select encode(s.descriptor, 'hex'), s.refs::text from registry_subject_version v "
        "join registry_schema s on s.id = v.schema_id where v.subject = $1 and v.version = $2",
        {reference.subject, std::to_string(reference.version)});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) {
      return fail(Errc::kInvalidSchema, "Invalid schema: No schema reference found for subject \"" +
                                            reference.subject + "\" and version " +
                                            std::to_string(reference.version));
    }
    return ResolvedReference{hexDecode(rows->text(0, 0)), parseReferencesJson(rows->text(0, 1))};
  };
}

}  // namespace

Result<std::shared_ptr<const ProtobufSchema>> Registry::loadParsed(Connection& connection,
                                                                   int id) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = parsed_.find(id); found != parsed_.end()) return found->second;
  }
  auto record = loadRecord(connection, id);
  if (!record) return tl::unexpected(record.error());
  auto parsed = ProtobufSchema::fromDescriptor((*record)->descriptor, (*record)->references,
                                               makeResolver(connection));
  if (!parsed) return parsed;
  std::lock_guard lock(cache_mutex_);
  if (parsed_.size() >= cache_limit_) parsed_.clear();
  parsed_[id] = *parsed;
  return parsed;
}

Result<CompatibilityConfig> Registry::effectiveConfig(Connection& connection,
                                                      const std::string& subject) {
  auto rows = connection.exec(
      "select subject, compatibility, normalize from registry_config where subject in ($1, '') "
      "order by subject desc",
      {subject});
  if (!rows) return tl::unexpected(rows.error());
  CompatibilityConfig config;
  for (std::size_t i = rows->size(); i-- > 0;) {  // global first, then the subject's own
    if (const auto& level = rows->at(i, 1)) {
      if (auto parsed = parseCompatibilityLevel(*level)) config.level = *parsed;
    }
    if (const auto& normalize = rows->at(i, 2)) config.normalize = *normalize == "t";
  }
  return config;
}

Result<void> Registry::checkWritable(Connection& connection, const std::string& subject) {
  auto rows = connection.exec(
      "select mode from registry_mode where subject in ($1, '') order by subject desc limit 1",
      {subject});
  if (!rows) return tl::unexpected(rows.error());
  if (!rows->empty() && rows->text(0, 0) != "READWRITE") {
    return fail(Errc::kOperationNotPermitted,
                "Subject " + subject + " is in read-only mode");
  }
  return {};
}

Result<std::shared_ptr<const ProtobufSchema>> Registry::parseSubmission(
    Connection& connection, const std::string& subject, const SchemaSubmission& submission,
    std::optional<bool> normalize) {
  if (auto valid = validateSubject(subject); !valid) return tl::unexpected(valid.error());
  if (auto typed = checkSchemaType(submission); !typed) return tl::unexpected(typed.error());
  if (submission.schema.empty()) return fail(Errc::kInvalidSchema, "Empty schema");
  std::vector<Reference> references = submission.references;
  for (Reference& reference : references) {
    if (reference.version != -1) continue;
    auto rows = connection.exec(
        "select max(version) from registry_subject_version where subject = $1 and not deleted",
        {reference.subject});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->at(0, 0)) {
      return fail(Errc::kInvalidSchema, "Invalid schema: No schema reference found for subject \"" +
                                            reference.subject + "\" and version -1");
    }
    reference.version = rows->integer(0, 0);
  }
  bool normalized = false;
  if (normalize) {
    normalized = *normalize;
  } else {
    auto config = effectiveConfig(connection, subject);
    if (!config) return tl::unexpected(config.error());
    normalized = config->normalize.value_or(false);
  }
  return ProtobufSchema::parse(submission.schema, std::move(references), normalized,
                               makeResolver(connection));
}

Result<std::vector<PreviousVersion>> Registry::liveHistory(
    Connection& connection, const std::string& subject,
    std::vector<std::shared_ptr<const ProtobufSchema>>* keep_alive) {
  auto rows = subjectRows(connection, subject);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PreviousVersion> history;
  for (const VersionRecord& row : *rows) {
    if (row.deleted) continue;
    auto parsed = loadParsed(connection, row.schema_id);
    if (!parsed) return tl::unexpected(parsed.error());
    keep_alive->push_back(*parsed);
    history.push_back(PreviousVersion{row.version, parsed->get()});
  }
  return history;
}

Result<SubjectSchema> Registry::registerSchema(const std::string& subject,
                                               const SchemaSubmission& submission,
                                               std::optional<bool> normalize) {
  return store_.write<SubjectSchema>([&](Connection& connection) -> Result<SubjectSchema> {
    if (auto writable = checkWritable(connection, subject); !writable) {
      return tl::unexpected(writable.error());
    }
    auto schema = parseSubmission(connection, subject, submission, normalize);
    if (!schema) return tl::unexpected(schema.error());
    const std::string identity = (*schema)->identity();
    auto existing = connection.exec(
        std::string("select id from registry_schema where fingerprint = ") + kFingerprint,
        {identity});
    if (!existing) return tl::unexpected(existing.error());
    std::optional<int> id;
    if (!existing->empty()) id = existing->integer(0, 0);

    auto rows = subjectRows(connection, subject);
    if (!rows) return tl::unexpected(rows.error());
    if (id) {
      for (const VersionRecord& row : *rows) {
        if (!row.deleted && row.schema_id == *id) {
          auto record = loadRecord(connection, *id);
          if (!record) return tl::unexpected(record.error());
          return SubjectSchema{subject, row.version, *record};
        }
      }
    }

    auto config = effectiveConfig(connection, subject);
    if (!config) return tl::unexpected(config.error());
    std::vector<std::shared_ptr<const ProtobufSchema>> keep_alive;
    auto history = liveHistory(connection, subject, &keep_alive);
    if (!history) return tl::unexpected(history.error());
    const auto violations = checkCompatibility(config->level, **schema, *history);
    if (!violations.empty()) {
      std::string details;
      for (const std::string& violation : violations) details += (details.empty() ? "" : "; ") + violation;
      return fail(Errc::kIncompatibleSchema,
                  "Schema being registered is incompatible with an earlier schema for subject \"" +
                      subject + "\", details: [" + details + "]");
    }

    if (!id) {
      auto next = connection.exec("select coalesce(max(id), 0) + 1 from registry_schema");
      if (!next) return tl::unexpected(next.error());
      id = next->integer(0, 0);
      auto inserted = connection.exec(
          std::string("insert into registry_schema (id, fingerprint, canonical, descriptor, refs) "
                      "values ($2, ") + kFingerprint + ", $3, decode($4, 'hex'), $5::jsonb)",
          {identity, std::to_string(*id), (*schema)->canonical(), hexEncode((*schema)->descriptor()),
           referencesJson((*schema)->references())});
      if (!inserted) return tl::unexpected(inserted.error());
    }
    int version = 1;
    for (const VersionRecord& row : *rows) version = std::max(version, row.version + 1);
    auto inserted = connection.exec(
        "insert into registry_subject_version (subject, version, schema_id) values ($1, $2, $3)",
        {subject, std::to_string(version), std::to_string(*id)});
    if (!inserted) return tl::unexpected(inserted.error());
    auto record = std::make_shared<SchemaRecord>(
        SchemaRecord{*id, (*schema)->canonical(), (*schema)->descriptor(), (*schema)->references()});
    return SubjectSchema{subject, version, record};
  });
}

Result<SubjectSchema> Registry::lookup(const std::string& subject,
                                       const SchemaSubmission& submission,
                                       std::optional<bool> normalize, bool include_deleted) {
  return store_.read<SubjectSchema>([&](Connection& connection) -> Result<SubjectSchema> {
    auto rows = subjectRows(connection, subject);
    if (!rows) return tl::unexpected(rows.error());
    const bool any_visible = std::any_of(rows->begin(), rows->end(), [&](const VersionRecord& row) {
      return include_deleted || !row.deleted;
    });
    if (!any_visible) return fail(Errc::kSubjectNotFound, "Subject '" + subject + "' not found.");
    auto schema = parseSubmission(connection, subject, submission, normalize);
    if (!schema) return tl::unexpected(schema.error());
    auto existing = connection.exec(
        std::string("select id from registry_schema where fingerprint = ") + kFingerprint,
        {(*schema)->identity()});
    if (!existing) return tl::unexpected(existing.error());
    if (!existing->empty()) {
      const int id = existing->integer(0, 0);
      for (const VersionRecord& row : *rows) {
        if (row.schema_id == id && (include_deleted || !row.deleted)) {
          auto record = loadRecord(connection, id);
          if (!record) return tl::unexpected(record.error());
          return SubjectSchema{subject, row.version, *record};
        }
      }
    }
    return fail(Errc::kSchemaNotFound, "Schema not found");
  });
}

Result<std::shared_ptr<const SchemaRecord>> Registry::schemaById(int id) {
  return store_.read<std::shared_ptr<const SchemaRecord>>(
      [&](Connection& connection) { return loadRecord(connection, id); });
}

Result<std::vector<VersionRecord>> Registry::versionsOfSchema(int id, bool include_deleted) {
  return store_.read<std::vector<VersionRecord>>(
      [&](Connection& connection) -> Result<std::vector<VersionRecord>> {
        if (auto record = loadRecord(connection, id); !record) {
          return tl::unexpected(record.error());
        }
        auto rows = connection.exec(
            "select subject, version, deleted from registry_subject_version where schema_id = $1 "
            "order by subject, version",
            {std::to_string(id)});
        if (!rows) return tl::unexpected(rows.error());
        std::vector<VersionRecord> out;
        for (std::size_t i = 0; i < rows->size(); ++i) {
          if (rows->boolean(i, 2) && !include_deleted) continue;
          out.push_back(VersionRecord{rows->text(i, 0), rows->integer(i, 1), id, rows->boolean(i, 2)});
        }
        return out;
      });
}

Result<std::vector<std::string>> Registry::subjects(bool include_deleted,
                                                    std::string_view prefix) {
  return store_.read<std::vector<std::string>>(
      [&](Connection& connection) -> Result<std::vector<std::string>> {
        auto rows = connection.exec(
            "select distinct subject from registry_subject_version where ($1 or not deleted) "
            "and starts_with(subject, $2) order by subject",
            {include_deleted ? "true" : "false", std::string(prefix)});
        if (!rows) return tl::unexpected(rows.error());
        std::vector<std::string> out;
        for (std::size_t i = 0; i < rows->size(); ++i) out.push_back(rows->text(i, 0));
        return out;
      });
}

Result<std::vector<int>> Registry::versions(const std::string& subject, bool include_deleted,
                                            bool deleted_only) {
  return store_.read<std::vector<int>>([&](Connection& connection) -> Result<std::vector<int>> {
    auto rows = subjectRows(connection, subject);
    if (!rows) return tl::unexpected(rows.error());
    std::vector<int> out;
    bool any_live = false;
    for (const VersionRecord& row : *rows) {
      any_live |= !row.deleted;
      if (deleted_only ? row.deleted : (include_deleted || !row.deleted)) {
        out.push_back(row.version);
      }
    }
    if (rows->empty() || (!any_live && !include_deleted && !deleted_only)) {
      return fail(Errc::kSubjectNotFound, "Subject '" + subject + "' not found.");
    }
    return out;
  });
}

Result<SubjectSchema> Registry::version(const std::string& subject,
                                        std::string_view version_text, bool include_deleted) {
  auto wanted = parseVersion(version_text);
  if (!wanted) return tl::unexpected(wanted.error());
  return store_.read<SubjectSchema>([&](Connection& connection) -> Result<SubjectSchema> {
    auto rows = subjectRows(connection, subject);
    if (!rows) return tl::unexpected(rows.error());
    const VersionRecord* found = nullptr;
    bool any_visible = false;
    for (const VersionRecord& row : *rows) {
      if (row.deleted && !include_deleted) continue;
      any_visible = true;
      if (!*wanted || row.version == **wanted) found = &row;  // rows ascend: last = latest
    }
    if (!any_visible) return fail(Errc::kSubjectNotFound, "Subject '" + subject + "' not found.");
    if (found == nullptr) {
      return fail(Errc::kVersionNotFound, "Version " + std::string(version_text) + " not found.");
    }
    auto record = loadRecord(connection, found->schema_id);
    if (!record) return tl::unexpected(record.error());
    return SubjectSchema{subject, found->version, *record};
  });
}

namespace {

// Whether (subject, version) is referenced by a schema that still has a version somewhere.
Result<bool> isReferenced(Connection& connection, const std::string& subject, int version) {
  auto rows = connection.exec(
      "select 1 from registry_schema s where s.refs @> jsonb_build_array(jsonb_build_object("
      "'subject', $1::text, 'version', $2::int)) and exists (select 1 from "
      "registry_subject_version v where v.schema_id = s.id) limit 1",
      {subject, std::to_string(version)});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

}  // namespace

Result<std::vector<int>> Registry::deleteSubject(const std::string& subject, bool permanent) {
  return store_.write<std::vector<int>>([&](Connection& connection) -> Result<std::vector<int>> {
    if (auto writable = checkWritable(connection, subject); !writable) {
      return tl::unexpected(writable.error());
    }
    auto rows = subjectRows(connection, subject);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return fail(Errc::kSubjectNotFound, "Subject '" + subject + "' not found.");
    const bool any_live = std::any_of(rows->begin(), rows->end(),
                                      [](const VersionRecord& row) { return !row.deleted; });
    if (!permanent && !any_live) {
      return fail(Errc::kSubjectSoftDeleted,
                  "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
    }
    if (permanent && any_live) {
      return fail(Errc::kSubjectNotSoftDeleted,
                  "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }
    std::vector<int> deleted;
    for (const VersionRecord& row : *rows) {
      auto referenced = isReferenced(connection, subject, row.version);
      if (!referenced) return tl::unexpected(referenced.error());
      if (*referenced) {
        return fail(Errc::kReferenceExists,
                    "One or more references exist to the schema {subject=" + subject +
                        ",version=" + std::to_string(row.version) + "}");
      }
      deleted.push_back(row.version);
    }
    if (permanent) {
      for (const char* sql : {"delete from registry_subject_version where subject = $1",
                              "delete from registry_config where subject = $1",
                              "delete from registry_mode where subject = $1"}) {
        if (auto done = connection.exec(sql, {subject}); !done) return tl::unexpected(done.error());
      }
    } else {
      auto done = connection.exec(
          "update registry_subject_version set deleted = true where subject = $1", {subject});
      if (!done) return tl::unexpected(done.error());
    }
    return deleted;
  });
}

Result<int> Registry::deleteVersion(const std::string& subject, std::string_view version_text,
                                    bool permanent) {
  auto wanted = parseVersion(version_text);
  if (!wanted) return tl::unexpected(wanted.error());
  return store_.write<int>([&](Connection& connection) -> Result<int> {
    if (auto writable = checkWritable(connection, subject); !writable) {
      return tl::unexpected(writable.error());
    }
    auto rows = subjectRows(connection, subject);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return fail(Errc::kSubjectNotFound, "Subject '" + subject + "' not found.");
    const VersionRecord* found = nullptr;
    for (const VersionRecord& row : *rows) {
      if (*wanted ? row.version == **wanted : !row.deleted) found = &row;
    }
    if (found == nullptr) {
      return fail(Errc::kVersionNotFound, "Version " + std::string(version_text) + " not found.");
    }
    if (!permanent && found->deleted) {
      return fail(Errc::kVersionSoftDeleted,
                  "Subject '" + subject + "' Version " + std::to_string(found->version) +
                      " was soft deleted. Set permanent=true to delete permanently");
    }
    if (permanent && !found->deleted) {
      return fail(Errc::kVersionNotSoftDeleted,
                  "Subject '" + subject + "' Version " + std::to_string(found->version) +
                      " was not deleted first before being permanently deleted");
    }
    auto referenced = isReferenced(connection, subject, found->version);
    if (!referenced) return tl::unexpected(referenced.error());
    if (*referenced) {
      return fail(Errc::kReferenceExists,
                  "One or more references exist to the schema {subject=" + subject +
                      ",version=" + std::to_string(found->version) + "}");
    }
    const char* sql = permanent
                          ? "delete from registry_subject_version where subject = $1 and version = $2"
                          : "update registry_subject_version set deleted = true where subject = $1 "
                            "and version = $2";
    if (auto done = connection.exec(sql, {subject, std::to_string(found->version)}); !done) {
      return tl::unexpected(done.error());
    }
    return found->version;
  });
}

Result<std::vector<std::string>> Registry::testCompatibility(
    const std::string& subject, std::optional<std::string_view> version_text,
    const SchemaSubmission& submission, std::optional<bool> normalize) {
  std::optional<int> wanted;
  if (version_text) {
    auto parsed = parseVersion(*version_text);
    if (!parsed) return tl::unexpected(parsed.error());
    wanted = *parsed;
  }
  return store_.read<std::vector<std::string>>(
      [&](Connection& connection) -> Result<std::vector<std::string>> {
        auto schema = parseSubmission(connection, subject, submission, normalize);
        if (!schema) return tl::unexpected(schema.error());
        auto config = effectiveConfig(connection, subject);
        if (!config) return tl::unexpected(config.error());
        std::vector<std::shared_ptr<const ProtobufSchema>> keep_alive;
        auto history = liveHistory(connection, subject, &keep_alive);
        if (!history) return tl::unexpected(history.error());
        if (!version_text) return checkCompatibility(config->level, **schema, *history);
        if (history->empty()) {
          if (!wanted) return std::vector<std::string>{};  // "latest" of nothing: compatible
          return fail(Errc::kSubjectNotFound, "Subject '" + subject + "' not found.");
        }
        const PreviousVersion* target = wanted ? nullptr : &history->back();
        for (const PreviousVersion& previous : *history) {
          if (wanted && previous.version == *wanted) target = &previous;
        }
        if (target == nullptr) {
          return fail(Errc::kVersionNotFound, "Version " + std::to_string(*wanted) + " not found.");
        }
        return checkCompatibility(config->level, **schema, {*target});
      });
}

Result<CompatibilityConfig> Registry::config(const std::optional<std::string>& subject,
                                             bool default_to_global) {
  return store_.read<CompatibilityConfig>(
      [&](Connection& connection) -> Result<CompatibilityConfig> {
        const std::string key = subject.value_or(kGlobal);
        auto rows = connection.exec(
            "select compatibility, normalize from registry_config where subject = $1", {key});
        if (!rows) return tl::unexpected(rows.error());
        if (rows->empty() || !rows->at(0, 0)) {
          if (subject && !default_to_global) {
            return fail(Errc::kSubjectConfigNotFound,
                        "Subject '" + *subject + "' does not have subject-level compatibility "
                        "configured");
          }
          return effectiveConfig(connection, key);
        }
        CompatibilityConfig config;
        config.level = parseCompatibilityLevel(rows->text(0, 0)).value_or(CompatibilityLevel::kBackward);
        if (rows->at(0, 1)) config.normalize = rows->boolean(0, 1);
        return config;
      });
}

Result<CompatibilityConfig> Registry::setConfig(const std::optional<std::string>& subject,
                                                std::string_view level,
                                                std::optional<bool> normalize) {
  const auto parsed = parseCompatibilityLevel(level);
  if (!parsed) {
    return fail(Errc::kInvalidCompatibilityLevel,
                "Invalid compatibility level. Valid values are none, backward, forward, full, "
                "backward_transitive, forward_transitive, and full_transitive");
  }
  if (subject) {
    if (auto valid = validateSubject(*subject); !valid) return tl::unexpected(valid.error());
  }
  return store_.write<CompatibilityConfig>(
      [&](Connection& connection) -> Result<CompatibilityConfig> {
        auto done = connection.exec(
            "insert into registry_config (subject, compatibility, normalize) values ($1, $2, $3) "
            "on conflict (subject) do update set compatibility = excluded.compatibility, "
            "normalize = coalesce(excluded.normalize, registry_config.normalize)",
            {subject.value_or(kGlobal), std::string(compatibilityLevelName(*parsed)),
             normalize ? Param(*normalize ? "true" : "false") : Param()});
        if (!done) return tl::unexpected(done.error());
        return CompatibilityConfig{*parsed, normalize};
      });
}

Result<CompatibilityConfig> Registry::deleteConfig(const std::optional<std::string>& subject) {
  return store_.write<CompatibilityConfig>(
      [&](Connection& connection) -> Result<CompatibilityConfig> {
        auto rows = connection.exec(
            "delete from registry_config where subject = $1 returning compatibility, normalize",
            {subject.value_or(kGlobal)});
        if (!rows) return tl::unexpected(rows.error());
        if (rows->empty() && subject) {
          return fail(Errc::kSubjectNotFound, "Subject '" + *subject + "' not found.");
        }
        CompatibilityConfig config;
        if (!rows->empty()) {
          config.level = parseCompatibilityLevel(rows->text(0, 0)).value_or(CompatibilityLevel::kBackward);
          if (rows->at(0, 1)) config.normalize = rows->boolean(0, 1);
        }
        return config;
      });
}

Result<Mode> Registry::mode(const std::optional<std::string>& subject, bool default_to_global) {
  return store_.read<Mode>([&](Connection& connection) -> Result<Mode> {
    auto rows = connection.exec(
        "select subject, mode from registry_mode where subject in ($1, '') order by subject desc",
        {subject.value_or(kGlobal)});
    if (!rows) return tl::unexpected(rows.error());
    if (subject && !default_to_global && (rows->empty() || rows->text(0, 0) != *subject)) {
      return fail(Errc::kSubjectModeNotFound,
                  "Subject '" + *subject + "' does not have subject-level mode configured");
    }
    if (rows->empty()) return Mode::kReadWrite;
    return parseMode(rows->text(0, 1)).value_or(Mode::kReadWrite);
  });
}

Result<Mode> Registry::setMode(const std::optional<std::string>& subject, std::string_view text) {
  const auto parsed = parseMode(text);
  if (!parsed) {
    return fail(Errc::kInvalidMode,
                "Invalid mode. Valid values are READWRITE, READONLY and READONLY_OVERRIDE "
                "(IMPORT is not supported by this registry)");
  }
  return store_.write<Mode>([&](Connection& connection) -> Result<Mode> {
    auto done = connection.exec(
        "insert into registry_mode (subject, mode) values ($1, $2) "
        "on conflict (subject) do update set mode = excluded.mode",
        {subject.value_or(kGlobal), std::string(modeName(*parsed))});
    if (!done) return tl::unexpected(done.error());
    return *parsed;
  });
}

Result<Mode> Registry::deleteMode(const std::optional<std::string>& subject) {
  return store_.write<Mode>([&](Connection& connection) -> Result<Mode> {
    auto rows = connection.exec("delete from registry_mode where subject = $1 returning mode",
                                {subject.value_or(kGlobal)});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty() && subject) {
      return fail(Errc::kSubjectNotFound, "Subject '" + *subject + "' not found.");
    }
    return rows->empty() ? Mode::kReadWrite : parseMode(rows->text(0, 0)).value_or(Mode::kReadWrite);
  });
}

}  // namespace tracker::schema_registry_service
