#include "common/bracket_nesting.h"

#include <algorithm>

namespace tracker::common {

int bracketNesting(std::string_view text, const BracketSyntax& syntax) {
  int depth = 0;
  int deepest = 0;
  char quote = 0;  // inside a string literal: its quote character
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the literal
      } else if (c == quote) {
        quote = 0;
      }
    } else if (syntax.quotes.find(c) != std::string_view::npos) {
      quote = c;
    } else if (syntax.opening.find(c) != std::string_view::npos) {
      deepest = std::max(deepest, ++depth);
    } else if (syntax.closing.find(c) != std::string_view::npos) {
      depth = std::max(0, depth - 1);
    }
  }
  return deepest;
}

}  // namespace tracker::common
