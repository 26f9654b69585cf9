#pragma once

// Error codes raised by the postgres module (see common::Error::code). A statement the server
// refused has the code "postgres.<SQLSTATE>" (for example "postgres.23505" for a unique
// violation); failure.h decides which failures are outages instead.

#include <string_view>

namespace tracker::postgres::errc {

/// The database cannot take work now: no connection, the connection broke, the server is shutting
/// down or out of resources, or every pooled connection stayed busy. Retry later; the statement
/// and its data are not to blame.
inline constexpr std::string_view kUnavailable = "postgres.unavailable";

/// PostgreSQL answered something the caller cannot read (a column that should hold a number does
/// not).
inline constexpr std::string_view kUnexpectedResult = "postgres.unexpected_result";

/// The prefix of a refusal's code; the SQLSTATE follows.
inline constexpr std::string_view kRefusedPrefix = "postgres.";

}  // namespace tracker::postgres::errc
