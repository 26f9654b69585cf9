#include "loadgen/response.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace tracker::loadgen {
namespace {

using nlohmann::json;

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string stringMember(const json& object, std::string_view key) {
  const json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

/// The code of a rejected batch item, whichever of the plausible shapes the service uses:
/// {"code":..}, {"error":{"code":..}}, {"errors":[{"code":..},..]} (first reason).
std::string itemCode(const json& item) {
  if (std::string code = stringMember(item, "code"); !code.empty()) return code;
  if (const json* error = member(item, "error"); error != nullptr) {
    if (std::string code = stringMember(*error, "code"); !code.empty()) return code;
  }
  if (const json* errors = member(item, "errors");
      errors != nullptr && errors->is_array() && !errors->empty()) {
    if (std::string code = stringMember(errors->front(), "code"); !code.empty()) return code;
  }
  return "unknown";
}

/// "rejected" (invalid), "failed" (valid, but the broker did not take it) or "accepted"; older or
/// other shapes are recognised by an "accepted" flag or by carrying an error.
std::string itemStatus(const json& item) {
  if (std::string status = stringMember(item, "status"); !status.empty()) return status;
  if (const json* accepted = member(item, "accepted");
      accepted != nullptr && accepted->is_boolean()) {
    return accepted->get<bool>() ? "accepted" : "rejected";
  }
  const bool has_error = member(item, "error") != nullptr || member(item, "errors") != nullptr ||
                         member(item, "code") != nullptr;
  return has_error ? "rejected" : "accepted";
}

std::size_t countMember(const json& object, std::string_view key, bool& present) {
  const json* value = member(object, key);
  present = value != nullptr && value->is_number_unsigned();
  return present ? value->get<std::size_t>() : 0;
}

ResponseOutcome batchOutcome(const json& answer, std::size_t events) {
  ResponseOutcome outcome;
  bool has_accepted = false;
  bool has_rejected = false;
  bool has_failed = false;
  outcome.accepted = countMember(answer, "accepted", has_accepted);
  outcome.rejected =
      countMember(answer, "rejected", has_rejected) + countMember(answer, "failed", has_failed);
  if (!has_accepted && !has_rejected && !has_failed) {
    outcome.accepted = events;  // A 2xx without per-item counts: the request was taken whole.
    outcome.rejected = 0;
    return outcome;
  }
  if (!has_accepted) outcome.accepted = events - std::min(outcome.rejected, events);
  if (outcome.rejected == 0) return outcome;

  std::map<std::string, std::size_t> codes;
  std::size_t named = 0;
  if (const json* results = member(answer, "results"); results != nullptr && results->is_array()) {
    for (const json& item : *results) {
      const std::string status = itemStatus(item);
      if (status == "accepted") continue;
      ++codes[status == "failed" ? "failed:" + itemCode(item) : itemCode(item)];
      ++named;
    }
  }
  if (named < outcome.rejected) codes["unknown"] += outcome.rejected - named;
  outcome.rejected_by_code.assign(codes.begin(), codes.end());
  return outcome;
}

}  // namespace

ResponseOutcome classifyResponse(long status, std::string_view body, std::size_t events,
                                 bool batch) {
  const bool success = status >= 200 && status < 300;
  if (success && !batch) return ResponseOutcome{.accepted = events};

  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (success) return batchOutcome(answer, events);

  std::string code = "http_" + std::to_string(status);
  if (const json* error = member(answer, "error"); error != nullptr) {
    if (const std::string name = stringMember(*error, "code"); !name.empty()) code += ":" + name;
  }
  ResponseOutcome outcome;
  outcome.rejected = events;
  outcome.rejected_by_code.emplace_back(std::move(code), events);
  return outcome;
}

}  // namespace tracker::loadgen
