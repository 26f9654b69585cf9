#include "offset_plan.h"

namespace tracker::event_consumer {

std::map<std::int32_t, PartitionPlan> planPartitions(std::span<const RecordState> records) {
  std::map<std::int32_t, PartitionPlan> plans;
  for (const RecordState& record : records) {
    PartitionPlan& plan = plans[record.partition];
    if (plan.first_unfinished) continue;  // everything after the first gap stays uncommitted
    if (record.disposition == Disposition::kDone) {
      plan.commit_offset = record.offset + 1;
    } else {
      plan.first_unfinished = record.offset;
    }
  }
  return plans;
}

}  // namespace tracker::event_consumer
