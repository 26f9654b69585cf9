#pragma once

// Rendering events as rows of PostgreSQL's COPY text format, for the staging table the PostgreSQL
// sink copies into (postgres_sink.h). Pure, so the escaping is unit-tested without a database.

#include "record.h"

#include <string>
#include <string_view>

namespace tracker::event_consumer {

/// The staging table's columns, in the order copyRow writes them. event_time_ms is the event's
/// epoch-millisecond timestamp; the INSERT … SELECT turns it into timestamptz.
inline constexpr std::string_view kCopyColumns =
    "event_id, event_type, user_id, target_user_id, event_time_ms, device_type, source_channel, "
    "extra_data, kafka_partition, kafka_offset, schema_id";

/// Appends `text` escaped for a COPY text field: backslash, newline, carriage return, tab,
/// backspace, form feed and vertical tab become backslash sequences; everything else is copied.
/// NUL cannot be represented and must have been rejected before (validateEvent does).
void appendCopyField(std::string& out, std::string_view text);

/// extra_data as a JSON object with keys sorted (deterministic, so a replay renders identical
/// bytes). Invalid UTF-8 is replaced with U+FFFD rather than thrown on.
std::string extraDataJson(const ::events::UserBehaviorEvent& event);

/// Appends one COPY text line (tab-separated, '\n'-terminated) for `decoded`, columns as in
/// kCopyColumns. Empty optional strings (target_user_id, device_type, source_channel) become NULL
/// (\N): proto3 cannot tell empty from absent.
void appendCopyRow(std::string& out, const DecodedEvent& decoded);

}  // namespace tracker::event_consumer
