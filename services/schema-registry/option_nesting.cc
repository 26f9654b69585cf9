#include "option_nesting.h"

#include "common/bracket_nesting.h"

#include <string>
#include <vector>

namespace tracker::schema_registry_service {
namespace {

namespace pb = google::protobuf;

// Every UninterpretedOption in the file, found through reflection with an explicit stack: the
// descriptor's own nesting (messages in messages) is bounded by protobuf's parsers, but the walk
// needs no recursion either way.
std::vector<const pb::UninterpretedOption*> uninterpretedOptions(const pb::Message& root) {
  std::vector<const pb::UninterpretedOption*> found;
  std::vector<const pb::Message*> pending{&root};
  while (!pending.empty()) {
    const pb::Message* message = pending.back();
    pending.pop_back();
    if (const auto* option = dynamic_cast<const pb::UninterpretedOption*>(message)) {
      found.push_back(option);
      continue;
    }
    const pb::Reflection* reflection = message->GetReflection();
    std::vector<const pb::FieldDescriptor*> fields;
    reflection->ListFields(*message, &fields);
    for (const pb::FieldDescriptor* field : fields) {
      if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
      if (field->is_repeated()) {
        const int size = reflection->FieldSize(*message, field);
        for (int i = 0; i < size; ++i) {
          pending.push_back(&reflection->GetRepeatedMessage(*message, field, i));
        }
      } else {
        pending.push_back(&reflection->GetMessage(*message, field));
      }
    }
  }
  return found;
}

}  // namespace

Result<void> checkOptionNesting(const pb::FileDescriptorProto& file, int limit) {
  for (const pb::UninterpretedOption* option : uninterpretedOptions(file)) {
    if (!option->has_aggregate_value()) continue;
    // The .proto parser keeps what is between the value's outer braces: one level more.
    const int nesting =
        common::bracketNesting(option->aggregate_value(), common::kTextFormatBrackets) + 1;
    if (nesting > limit) {
      return fail(Errc::kInvalidSchema, "Invalid schema: a custom option value is nested " +
                                            std::to_string(nesting) + " levels deep; at most " +
                                            std::to_string(limit) + " are accepted");
    }
  }
  return {};
}

}  // namespace tracker::schema_registry_service
