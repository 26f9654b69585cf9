#include "events/ingest_item.h"

#include <algorithm>
#include <string>

namespace tracker::events {

bool addParseError(IngestItem& item, std::string_view code, std::string field,
                   std::string message) {
  if (item.errors.size() >= kMaxErrorsPerItem) return false;
  item.errors.push_back(FieldError{std::string(code), std::move(field), std::move(message)});
  return true;
}

void completeItem(IngestItem& item, const IngestContext& context, std::int64_t now_ms,
                  bool timestamp_present) {
  // Fields parsing already rejected (say, a number for user_id) are empty now: reporting them
  // again as missing would only be noise.
  std::vector<std::string> parse_fields;
  for (const FieldError& error : item.errors) parse_fields.push_back(error.field);
  const auto reported = [&parse_fields](const std::string& field) {
    return std::find(parse_fields.begin(), parse_fields.end(), field) != parse_fields.end();
  };
  if (reported("")) return;  // not an event at all: nothing to default or validate

  ::events::UserBehaviorEvent& event = item.event;
  const bool assigned_id = event.event_id().empty() && !reported("event_id");
  if (assigned_id) event.set_event_id(context.ids.next());
  if (!timestamp_present && !reported("timestamp")) event.set_timestamp(now_ms);

  for (FieldError& error : validateEvent(event, context.validation, context.catalogue, now_ms)) {
    // Parse and validation errors together stay within the cap (the answer lists them all).
    if (!reported(error.field) && item.errors.size() < kMaxErrorsPerItem) {
      item.errors.push_back(std::move(error));
    }
  }
  if (!item.accepted() && assigned_id) event.clear_event_id();
}

}  // namespace tracker::events
