#pragma once

// How deeply a text nests its brackets, measured without parsing it: parsers that recurse or
// build a tree per level (libprotobuf's TextFormat, a JSON DOM) are handed only texts that stay
// within a limit.

#include <string_view>

namespace tracker::common {

/// The characters that open and close a level, and those that start and end string literals
/// (inside which brackets do not count; a backslash escapes the next character).
struct BracketSyntax {
  std::string_view opening;
  std::string_view closing;
  std::string_view quotes;
};

/// JSON: [ ] { } and "…".
inline constexpr BracketSyntax kJsonBrackets{"[{", "]}", "\""};
/// Protobuf text format: { } < > [ ] and "…" or '…'.
inline constexpr BracketSyntax kTextFormatBrackets{"{<[", "}>]", "\"'"};

/// The deepest nesting of `text` (0 without brackets). A stray closing bracket does not go below
/// zero; the scan is linear and allocates nothing.
int bracketNesting(std::string_view text, const BracketSyntax& syntax);

}  // namespace tracker::common
