// Fuzz target: any bytes as a Confluent-framed record value, in both message-index formats. A
// frame that decodes must encode back to bytes that decode to the same frame.

#include "serde/wire_format.h"

#include <cstdint>
#include <string_view>

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const bool deprecated : {false, true}) {
    const auto frame = tracker::serde::decodeFrame(bytes, deprecated);
    if (!frame) continue;
    const std::string again = tracker::serde::encodeFrame(frame->schema_id, frame->message_indexes,
                                                          frame->payload, deprecated);
    const auto reread = tracker::serde::decodeFrame(again, deprecated);
    if (!reread || reread->schema_id != frame->schema_id ||
        reread->message_indexes != frame->message_indexes || reread->payload != frame->payload) {
      __builtin_trap();
    }
  }
  return 0;
}
