#pragma once

// Small text helpers every module needs once: trimming and comma lists (configuration values,
// HTTP header values), and comparing secrets. One implementation, so "a, b ,c" means the same thing
// everywhere.

#include <string_view>
#include <vector>

namespace tracker::common {

/// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view text);

/// The trimmed, non-empty items of a `separator`-separated list ("a, b,,c" → {"a","b","c"}).
/// The views point into `text`.
std::vector<std::string_view> splitList(std::string_view text, char separator = ',');

/// Equality without an early exit on the first differing byte, for API keys: the time taken does
/// not tell how much of a secret was right.
bool constantTimeEquals(std::string_view a, std::string_view b);

/// ASCII equality ignoring letter case (header names, HTTP schemes, "true"/"false").
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace tracker::common
