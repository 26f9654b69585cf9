// Fuzz target: any bytes as a Protobuf ingest body; the first byte's low bit picks a single
// event or a batch. Every input must come back as a value, within the error cap per item.

#include "events/protobuf_body_parser.h"
#include "events/testing/test_support.h"

#include <cstdint>
#include <string_view>

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static tracker::events::TestIngest ingest;
  const bool is_batch = (data[0] & 1) != 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto parsed = tracker::events::parseProtobufBody(body, is_batch, ingest.context);
  if (parsed) {
    for (const auto& item : parsed->items) {
      if (item.errors.size() > tracker::events::kMaxErrorsPerItem) __builtin_trap();
    }
  }
  return 0;
}
