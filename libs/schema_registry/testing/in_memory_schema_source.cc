#include "schema_registry/testing/in_memory_schema_source.h"

#include "schema_registry/errors.h"

namespace tracker::schema_registry::testing {
namespace {

tl::unexpected<common::Error> registryError(int error_code, std::string message) {
  return common::makeError(errc::registryCode(error_code), std::move(message));
}

}  // namespace

std::optional<common::Error> InMemorySchemaSource::takeInjectedFailure() {
  return std::exchange(next_failure_, std::nullopt);
}

void InMemorySchemaSource::failNextCall(common::Error error) {
  std::lock_guard lock(mutex_);
  next_failure_ = std::move(error);
}

InMemorySchemaSource::CallCounts InMemorySchemaSource::callCounts() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

common::Result<RegisterResult> InMemorySchemaSource::registerSchema(std::string_view subject,
                                                                    const Schema& schema,
                                                                    bool /*normalize*/) {
  std::lock_guard lock(mutex_);
  ++calls_.register_schema;
  if (auto failure = takeInjectedFailure()) return tl::unexpected(*failure);
  int id = 0;
  for (std::size_t i = 0; i < schemas_.size(); ++i) {
    if (schemas_[i] == schema) id = static_cast<int>(i) + 1;
  }
  if (id == 0) {
    schemas_.push_back(schema);
    id = static_cast<int>(schemas_.size());
  }
  auto& versions = subjects_[std::string(subject)];
  for (const Version& version : versions) {
    if (version.id == id) return RegisterResult{id, version.version};
  }
  const int next_version = versions.empty() ? 1 : versions.back().version + 1;
  versions.push_back({next_version, id});
  return RegisterResult{id, next_version};
}

common::Result<RegisteredSchema> InMemorySchemaSource::lookupSchema(std::string_view subject,
                                                                    const Schema& schema,
                                                                    bool /*normalize*/) {
  std::lock_guard lock(mutex_);
  ++calls_.lookup_schema;
  if (auto failure = takeInjectedFailure()) return tl::unexpected(*failure);
  const auto found = subjects_.find(subject);
  if (found == subjects_.end()) {
    return registryError(errc::kSubjectNotFound,
                         "Subject '" + std::string(subject) + "' not found.");
  }
  for (const Version& version : found->second) {
    if (schemas_[version.id - 1] == schema) {
      return RegisteredSchema{std::string(subject), version.id, version.version, schema};
    }
  }
  return registryError(errc::kSchemaNotFound, "Schema not found");
}

common::Result<Schema> InMemorySchemaSource::getSchemaById(int id, SchemaFormat /*format*/) {
  std::lock_guard lock(mutex_);
  ++calls_.get_schema_by_id;
  if (auto failure = takeInjectedFailure()) return tl::unexpected(*failure);
  if (id <= 0 || static_cast<std::size_t>(id) > schemas_.size()) {
    return registryError(errc::kSchemaNotFound, "Schema " + std::to_string(id) + " not found");
  }
  return schemas_[id - 1];
}

common::Result<RegisteredSchema> InMemorySchemaSource::getVersion(std::string_view subject,
                                                                  int version,
                                                                  SchemaFormat /*format*/,
                                                                  bool /*include_deleted*/) {
  std::lock_guard lock(mutex_);
  ++calls_.get_version;
  if (auto failure = takeInjectedFailure()) return tl::unexpected(*failure);
  const auto found = subjects_.find(subject);
  if (found == subjects_.end() || found->second.empty()) {
    return registryError(errc::kSubjectNotFound,
                         "Subject '" + std::string(subject) + "' not found.");
  }
  for (const Version& entry : found->second) {
    if (entry.version == version ||
        (version == kLatestVersion && &entry == &found->second.back())) {
      return RegisteredSchema{std::string(subject), entry.id, entry.version,
                              schemas_[entry.id - 1]};
    }
  }
  return registryError(errc::kVersionNotFound,
                       "Version " + std::to_string(version) + " not found.");
}

}  // namespace tracker::schema_registry::testing
