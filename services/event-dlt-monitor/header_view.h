#pragma once

// Headers as a person reads them: every header's bytes as base64, its text when it is UTF-8, and
// Spring's binary kafka_dlt-original-partition/offset/timestamp as numbers. Pure.

#include "dead_letter_record.h"

#include <nlohmann/json.hpp>

namespace tracker::event_dlt_monitor {

/// [{"name","value" (base64),"text"? ,"number"?}] in header order.
nlohmann::json headersForDisplay(const HeaderList& headers);

/// [{"name","value_base64"}]: how the headers are stored (jsonb keeps them in order).
nlohmann::json headersForStorage(const HeaderList& headers);

/// The inverse of headersForStorage; entries that are not objects with a name and valid base64
/// are skipped (the column is written only by headersForStorage).
HeaderList headersFromStorage(const nlohmann::json& stored);

}  // namespace tracker::event_dlt_monitor
