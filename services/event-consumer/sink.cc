#include "sink.h"

namespace tracker::event_consumer {

std::string_view dependencyName(Dependency dependency) {
  switch (dependency) {
    case Dependency::kPostgres:
      return "postgres";
    case Dependency::kSearch:
      return "search";
    case Dependency::kRegistry:
      return "registry";
    case Dependency::kDlt:
      return "dlt";
  }
  return "unknown";
}

}  // namespace tracker::event_consumer
