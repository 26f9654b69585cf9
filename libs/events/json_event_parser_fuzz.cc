// Fuzz target: any bytes as a JSON ingest body. Every input must come back as a value (a
// whole-body error or items), never a crash, a sanitizer report or an exception.

#include "events/json_event_parser.h"
#include "events/testing/test_support.h"

#include <cstdint>
#include <string_view>

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static tracker::events::TestIngest ingest;
  static tracker::events::JsonEventParser parser(ingest.context);  // reused, as in the service
  const auto parsed = parser.parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (parsed) {
    for (const auto& item : parsed->items) {
      // Every item is either accepted or says why not, within the error cap.
      if (item.errors.size() > tracker::events::kMaxErrorsPerItem) __builtin_trap();
    }
  }
  return 0;
}
