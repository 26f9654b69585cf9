#pragma once

// Shared fixtures of the events tests: a fixed clock, a seeded id generator and the context
// that ties them to the default catalogue and limits.

#include "events/catalogue.h"
#include "events/ingest_item.h"
#include "events/uuid_v7.h"

#include <cstdint>
#include <ostream>

namespace tracker::events {

/// The server time every test runs at.
inline constexpr std::int64_t kTestNowMs = 1'732'600'000'000;

/// Owns what an IngestContext refers to.
struct TestIngest {
  Catalogue catalogue;
  UuidV7Generator ids{[] { return kTestNowMs; }, 1234};
  IngestContext context{catalogue, ValidationLimits{}, ids, [] { return kTestNowMs; }};
};

/// gtest printer: "code field: message". gtest finds it by this exact name.
inline void PrintTo(  // NOLINT(readability-identifier-naming)
    const FieldError& error, std::ostream* out) {
  *out << error.code << " " << error.field << ": " << error.message;
}

}  // namespace tracker::events
