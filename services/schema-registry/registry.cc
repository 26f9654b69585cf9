#include "registry.h"

#include "settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>

namespace tracker::schema_registry_service {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

ReferenceResolver makeResolver(StoreSession& session) {
  return [&session](const Reference& reference) -> Result<ResolvedReference> {
    auto found = session.schemaOfVersion(reference.subject, reference.version);
    if (!found) return fail(found.error());
    if (!*found) return fail(referenceNotFound(reference.subject, reference.version));
    return std::move(**found);
  };
}

// Version -1 in a reference means the subject's latest live version.
Result<void> resolveLatest(StoreSession& session, std::vector<Reference>& references) {
  for (Reference& reference : references) {
    if (reference.version != -1) continue;
    auto rows = session.subjectVersions(reference.subject);
    if (!rows) return fail(rows.error());
    for (const VersionRecord& row : *rows) {
      if (!row.deleted) reference.version = row.version;  // ascending: the last live one wins
    }
    if (reference.version == -1) return fail(referenceNotFound(reference.subject, -1));
  }
  return {};
}

// A version that a schema with a live or soft-deleted version still imports cannot go.
Result<void> checkNotReferenced(StoreSession& session, const std::string& subject, int version) {
  auto referenced = session.isReferenced(subject, version);
  if (!referenced) return fail(referenced.error());
  if (*referenced) return fail(referenceExists(subject, version));
  return {};
}

bool anyVisible(const std::vector<VersionRecord>& rows, bool include_deleted) {
  return std::any_of(rows.begin(), rows.end(),
                     [&](const VersionRecord& row) { return include_deleted || !row.deleted; });
}

}  // namespace

Result<void> validateSubject(std::string_view subject) {
  const bool control = std::any_of(subject.begin(), subject.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  if (subject.empty() || control) return fail(invalidSubject(subject));
  return {};
}

Result<std::optional<int>> parseVersion(std::string_view text) {
  if (text == "latest" || text == "-1") return std::optional<int>();
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > INT_MAX) {
    return fail(invalidVersion(text));
  }
  return std::optional<int>(static_cast<int>(value));
}

Registry::Registry(SchemaStore& store, std::size_t cache_limit)
    : store_(store), cache_limit_(std::max<std::size_t>(16, cache_limit)) {}

Result<std::shared_ptr<const SchemaRecord>> Registry::loadRecord(StoreSession& session, int id) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = records_.find(id); found != records_.end()) return found->second;
  }
  auto row = session.schema(id);
  if (!row) return fail(row.error());
  if (!*row) return fail(schemaIdNotFound(std::to_string(id)));
  auto record = std::make_shared<const SchemaRecord>(std::move(**row));
  std::lock_guard lock(cache_mutex_);
  if (records_.size() >= cache_limit_) records_.clear();
  records_[id] = record;
  return record;
}

Result<Registry::ParsedSchema> Registry::loadParsed(StoreSession& session, int id) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = parsed_.find(id); found != parsed_.end()) return found->second;
  }
  auto record = loadRecord(session, id);
  if (!record) return fail(record.error());
  auto parsed = ProtobufSchema::fromDescriptor((*record)->descriptor, (*record)->references,
                                               makeResolver(session));
  if (!parsed) return parsed;
  std::lock_guard lock(cache_mutex_);
  if (parsed_.size() >= cache_limit_) parsed_.clear();
  parsed_[id] = *parsed;
  return parsed;
}

Result<Registry::ParsedSchema> Registry::parseSubmission(StoreSession& session,
                                                         const std::string& subject,
                                                         const SchemaSubmission& submission,
                                                         std::optional<bool> normalize) {
  if (auto valid = validateSubject(subject); !valid) return fail(valid.error());
  if (upper(submission.schema_type) != "PROTOBUF") {
    return fail(unsupportedSchemaType(submission.schema_type));
  }
  if (submission.schema.empty()) return fail(emptySchema());
  std::vector<Reference> references = submission.references;
  if (auto resolved = resolveLatest(session, references); !resolved) return fail(resolved.error());
  if (!normalize) {
    auto config = effectiveConfig(session, subject);
    if (!config) return fail(config.error());
    normalize = config->normalize.value_or(false);
  }
  return ProtobufSchema::parse(submission.schema, std::move(references), *normalize,
                               makeResolver(session));
}

Result<std::vector<PreviousVersion>> Registry::liveHistory(StoreSession& session,
                                                           const std::string& subject,
                                                           std::vector<ParsedSchema>* keep_alive) {
  auto rows = session.subjectVersions(subject);
  if (!rows) return fail(rows.error());
  std::vector<PreviousVersion> history;
  for (const VersionRecord& row : *rows) {
    if (row.deleted) continue;
    auto parsed = loadParsed(session, row.schema_id);
    if (!parsed) return fail(parsed.error());
    keep_alive->push_back(*parsed);
    history.push_back(PreviousVersion{row.version, parsed->get()});
  }
  return history;
}

Result<void> Registry::checkCompatible(StoreSession& session, const std::string& subject,
                                       const ProtobufSchema& schema) {
  auto config = effectiveConfig(session, subject);
  if (!config) return fail(config.error());
  std::vector<ParsedSchema> keep_alive;
  auto history = liveHistory(session, subject, &keep_alive);
  if (!history) return fail(history.error());
  const auto violations = checkCompatibility(config->level, schema, *history);
  if (!violations.empty()) return fail(incompatibleSchema(subject, violations));
  return {};
}

Result<SubjectSchema> Registry::addVersion(StoreSession& session, const std::string& subject,
                                           const ProtobufSchema& schema, std::optional<int> id,
                                           const std::vector<VersionRecord>& rows) {
  if (!id) {
    auto inserted = session.insertSchema(
        NewSchema{schema.identity(), schema.canonical(), schema.descriptor(), schema.references()});
    if (!inserted) return fail(inserted.error());
    id = *inserted;
  }
  // Soft-deleted versions count: a version number is never given twice.
  int version = 1;
  for (const VersionRecord& row : rows) version = std::max(version, row.version + 1);
  if (auto added = session.insertVersion(subject, version, *id); !added) {
    return fail(added.error());
  }
  auto record = std::make_shared<const SchemaRecord>(
      SchemaRecord{*id, schema.canonical(), schema.descriptor(), schema.references()});
  return SubjectSchema{subject, version, record};
}

Result<SubjectSchema> Registry::registerSchema(const std::string& subject,
                                               const SchemaSubmission& submission,
                                               std::optional<bool> normalize) {
  return store_.writeValue<SubjectSchema>([&](StoreSession& session) -> Result<SubjectSchema> {
    if (auto writable = checkWritable(session, subject); !writable) return fail(writable.error());
    auto schema = parseSubmission(session, subject, submission, normalize);
    if (!schema) return fail(schema.error());
    auto id = session.schemaIdOf((*schema)->identity());
    if (!id) return fail(id.error());
    auto rows = session.subjectVersions(subject);
    if (!rows) return fail(rows.error());
    for (const VersionRecord& row : *rows) {
      if (*id && !row.deleted && row.schema_id == **id) {  // already registered: idempotent
        auto record = loadRecord(session, **id);
        if (!record) return fail(record.error());
        return SubjectSchema{subject, row.version, *record};
      }
    }
    if (auto compatible = checkCompatible(session, subject, **schema); !compatible) {
      return fail(compatible.error());
    }
    return addVersion(session, subject, **schema, *id, *rows);
  });
}

Result<SubjectSchema> Registry::lookup(const std::string& subject,
                                       const SchemaSubmission& submission,
                                       std::optional<bool> normalize, bool include_deleted) {
  return store_.readValue<SubjectSchema>([&](StoreSession& session) -> Result<SubjectSchema> {
    auto rows = session.subjectVersions(subject);
    if (!rows) return fail(rows.error());
    if (!anyVisible(*rows, include_deleted)) return fail(subjectNotFound(subject));
    auto schema = parseSubmission(session, subject, submission, normalize);
    if (!schema) return fail(schema.error());
    auto id = session.schemaIdOf((*schema)->identity());
    if (!id) return fail(id.error());
    for (const VersionRecord& row : *rows) {
      if (*id && row.schema_id == **id && (include_deleted || !row.deleted)) {
        auto record = loadRecord(session, **id);
        if (!record) return fail(record.error());
        return SubjectSchema{subject, row.version, *record};
      }
    }
    return fail(schemaNotFound());
  });
}

Result<std::shared_ptr<const SchemaRecord>> Registry::schemaById(int id) {
  return store_.readValue<std::shared_ptr<const SchemaRecord>>(
      [&](StoreSession& session) { return loadRecord(session, id); });
}

Result<std::vector<VersionRecord>> Registry::versionsOfSchema(int id, bool include_deleted) {
  return store_.readValue<std::vector<VersionRecord>>(
      [&](StoreSession& session) -> Result<std::vector<VersionRecord>> {
        if (auto record = loadRecord(session, id); !record) return fail(record.error());
        auto rows = session.versionsOfSchema(id);
        if (!rows) return fail(rows.error());
        std::erase_if(*rows,
                      [&](const VersionRecord& row) { return row.deleted && !include_deleted; });
        return rows;
      });
}

Result<std::vector<std::string>> Registry::subjects(bool include_deleted, std::string_view prefix) {
  return store_.readValue<std::vector<std::string>>(
      [&](StoreSession& session) { return session.subjects(include_deleted, prefix); });
}

Result<std::vector<int>> Registry::versions(const std::string& subject, bool include_deleted,
                                            bool deleted_only) {
  return store_.readValue<std::vector<int>>([&](StoreSession& session) -> Result<std::vector<int>> {
    auto rows = session.subjectVersions(subject);
    if (!rows) return fail(rows.error());
    std::vector<int> out;
    for (const VersionRecord& row : *rows) {
      if (deleted_only ? row.deleted : (include_deleted || !row.deleted)) {
        out.push_back(row.version);
      }
    }
    if (rows->empty() || (!anyVisible(*rows, false) && !include_deleted && !deleted_only)) {
      return fail(subjectNotFound(subject));
    }
    return out;
  });
}

Result<SubjectSchema> Registry::version(const std::string& subject, std::string_view version_text,
                                        bool include_deleted) {
  auto wanted = parseVersion(version_text);
  if (!wanted) return fail(wanted.error());
  return store_.readValue<SubjectSchema>([&](StoreSession& session) -> Result<SubjectSchema> {
    auto rows = session.subjectVersions(subject);
    if (!rows) return fail(rows.error());
    if (!anyVisible(*rows, include_deleted)) return fail(subjectNotFound(subject));
    const VersionRecord* found = nullptr;
    for (const VersionRecord& row : *rows) {
      if (row.deleted && !include_deleted) continue;
      if (!*wanted || row.version == **wanted) found = &row;  // rows ascend: last = latest
    }
    if (found == nullptr) return fail(versionNotFound(version_text));
    auto record = loadRecord(session, found->schema_id);
    if (!record) return fail(record.error());
    return SubjectSchema{subject, found->version, *record};
  });
}

Result<std::vector<int>> Registry::deleteSubject(const std::string& subject, bool permanent) {
  return store_.writeValue<std::vector<int>>(
      [&](StoreSession& session) -> Result<std::vector<int>> {
        if (auto writable = checkWritable(session, subject); !writable) {
          return fail(writable.error());
        }
        auto rows = session.subjectVersions(subject);
        if (!rows) return fail(rows.error());
        if (rows->empty()) return fail(subjectNotFound(subject));
        const bool any_live = anyVisible(*rows, false);
        if (!permanent && !any_live) return fail(subjectSoftDeleted(subject));
        if (permanent && any_live) return fail(subjectNotSoftDeleted(subject));
        std::vector<int> deleted;
        for (const VersionRecord& row : *rows) {
          if (auto free = checkNotReferenced(session, subject, row.version); !free) {
            return fail(free.error());
          }
          deleted.push_back(row.version);
        }
        if (!permanent) {
          if (auto done = session.softDeleteVersions(subject, std::nullopt); !done) {
            return fail(done.error());
          }
          return deleted;
        }
        // Permanently: the subject's own settings go with its versions.
        auto removed = session.removeVersions(subject, std::nullopt);
        if (!removed) return fail(removed.error());
        if (auto config = session.removeConfig(subject); !config) return fail(config.error());
        if (auto mode = session.removeMode(subject); !mode) return fail(mode.error());
        return deleted;
      });
}

Result<int> Registry::deleteVersion(const std::string& subject, std::string_view version_text,
                                    bool permanent) {
  auto wanted = parseVersion(version_text);
  if (!wanted) return fail(wanted.error());
  return store_.writeValue<int>([&](StoreSession& session) -> Result<int> {
    if (auto writable = checkWritable(session, subject); !writable) return fail(writable.error());
    auto rows = session.subjectVersions(subject);
    if (!rows) return fail(rows.error());
    if (rows->empty()) return fail(subjectNotFound(subject));
    const VersionRecord* found = nullptr;
    for (const VersionRecord& row : *rows) {
      if (*wanted ? row.version == **wanted : !row.deleted) found = &row;  // "latest": last live
    }
    if (found == nullptr) return fail(versionNotFound(version_text));
    if (!permanent && found->deleted) return fail(versionSoftDeleted(subject, found->version));
    if (permanent && !found->deleted) return fail(versionNotSoftDeleted(subject, found->version));
    if (auto free = checkNotReferenced(session, subject, found->version); !free) {
      return fail(free.error());
    }
    auto done = permanent ? session.removeVersions(subject, found->version)
                          : session.softDeleteVersions(subject, found->version);
    if (!done) return fail(done.error());
    return found->version;
  });
}

Result<std::vector<std::string>> Registry::testCompatibility(
    const std::string& subject, std::optional<std::string_view> version_text,
    const SchemaSubmission& submission, std::optional<bool> normalize) {
  std::optional<int> wanted;  // nullopt: the latest
  if (version_text) {
    auto parsed = parseVersion(*version_text);
    if (!parsed) return fail(parsed.error());
    wanted = *parsed;
  }
  using Messages = std::vector<std::string>;
  return store_.readValue<Messages>([&](StoreSession& session) -> Result<Messages> {
    auto schema = parseSubmission(session, subject, submission, normalize);
    if (!schema) return fail(schema.error());
    auto config = effectiveConfig(session, subject);
    if (!config) return fail(config.error());
    std::vector<ParsedSchema> keep_alive;
    auto history = liveHistory(session, subject, &keep_alive);
    if (!history) return fail(history.error());
    if (!version_text) return checkCompatibility(config->level, **schema, *history);
    if (history->empty()) {
      if (!wanted) return Messages{};  // "latest" of nothing: compatible
      return fail(subjectNotFound(subject));
    }
    const PreviousVersion* target = wanted ? nullptr : &history->back();
    for (const PreviousVersion& previous : *history) {
      if (wanted && previous.version == *wanted) target = &previous;
    }
    if (target == nullptr) return fail(versionNotFound(std::to_string(*wanted)));
    return checkCompatibility(config->level, **schema, {*target});
  });
}

}  // namespace tracker::schema_registry_service
