#include "common/json_string.h"

#include "common/utf8.h"

#include <cstdio>

namespace tracker::common {
namespace {

void appendEscaped(std::string& out, std::string_view valid_utf8) {
  for (const char c : valid_utf8) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned char>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  while (true) {
    const auto bad = common::findInvalidUtf8(text);
    if (!bad) {
      appendEscaped(out, text);
      break;
    }
    appendEscaped(out, text.substr(0, *bad));
    out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    text.remove_prefix(*bad + 1);
  }
  out += '"';
}

}  // namespace tracker::common
