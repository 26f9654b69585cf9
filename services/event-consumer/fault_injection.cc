#include "fault_injection.h"

#include "common/env.h"
#include "common/parse.h"
#include "errors.h"

#include <algorithm>
#include <set>

namespace tracker::event_consumer {
namespace {

constexpr const char* kVariable = "TRACKER_CONSUMER_FAULTS";

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

common::Result<std::vector<FaultRule>> parseFaultRules(std::string_view text) {
  std::vector<FaultRule> rules;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view rule_text = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (rule_text.empty()) continue;
    const auto bad = [&](const std::string& why) {
      return common::invalidEnvironment(
          kVariable, "rule \"" + std::string(rule_text) + "\": " + why +
                         " (expected <postgres|search>:<event_id prefix>:<count|forever>)");
    };
    const auto first = rule_text.find(':');
    const auto last = rule_text.rfind(':');
    if (first == std::string_view::npos || first == last) return bad("needs three parts");
    const std::string_view stage = rule_text.substr(0, first);
    const std::string_view prefix = rule_text.substr(first + 1, last - first - 1);
    const std::string_view times = rule_text.substr(last + 1);
    FaultRule rule;
    if (stage == "postgres") {
      rule.stage = Stage::kPostgres;
    } else if (stage == "search") {
      rule.stage = Stage::kSearch;
    } else {
      return bad("unknown stage \"" + std::string(stage) + "\"");
    }
    if (prefix.empty()) return bad("empty event_id prefix");
    rule.event_id_prefix = std::string(prefix);
    if (times != "forever") {
      auto count = common::parseInt64(times);
      if (!count || *count < 1 || *count > 1'000'000) return bad("times must be 1.. or forever");
      rule.times = static_cast<int>(*count);
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::optional<std::string> FaultInjector::failureFor(Stage stage, std::string_view event_id,
                                                     int attempt) const {
  for (const FaultRule& rule : rules_) {
    if (rule.stage != stage || !event_id.starts_with(rule.event_id_prefix)) continue;
    if (rule.times && attempt > *rule.times) continue;
    return "injected failure of attempt " + std::to_string(attempt) + " (rule " + stageName(stage) +
           ":" + rule.event_id_prefix + ":" +
           (rule.times ? std::to_string(*rule.times) : std::string("forever")) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> FaultInjector::nextAttempt(Stage stage,
                                                      std::string_view event_id) const {
  const bool named = std::any_of(rules_.begin(), rules_.end(), [&](const FaultRule& rule) {
    return rule.stage == stage && event_id.starts_with(rule.event_id_prefix);
  });
  if (!named) return std::nullopt;
  int attempt = 0;
  {
    const std::lock_guard lock(mutex_);
    if (attempts_.size() >= kMaxCountedIds) attempts_.clear();
    attempt = ++attempts_[std::string(stageName(stage)) + "/" + std::string(event_id)];
  }
  return failureFor(stage, event_id, attempt);
}

common::Result<std::vector<ItemOutcome>> FaultInjectingSink::write(
    std::span<const DecodedEvent* const> events) {
  std::vector<ItemOutcome> outcomes(events.size());
  std::vector<const DecodedEvent*> passed;
  std::vector<std::size_t> passed_at;
  std::set<std::int32_t> failing;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const DecodedEvent& event = *events[i];
    if (failing.contains(event.partition)) {
      outcomes[i] = ItemOutcome::skipped();
      continue;
    }
    if (auto failure = faults_.nextAttempt(stage(), event.event.event_id())) {
      outcomes[i] = ItemOutcome::retry({std::string(errc::kFaultInjected), std::move(*failure)});
      failing.insert(event.partition);
      continue;
    }
    passed.push_back(&event);
    passed_at.push_back(i);
  }
  if (passed.empty()) return outcomes;
  auto written = inner_.write(passed);
  if (!written) return tl::unexpected(written.error());
  for (std::size_t j = 0; j < passed_at.size() && j < written->size(); ++j) {
    outcomes[passed_at[j]] = std::move((*written)[j]);
  }
  return outcomes;
}

}  // namespace tracker::event_consumer
