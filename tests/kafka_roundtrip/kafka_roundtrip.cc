// kafka-roundtrip: produces keyed records with the project's reliable producer settings, reads
// them back and verifies at-least-once delivery without duplicates and per-key order.
// System-test driver; see options.cc for the command line and exit codes.

#include "consume_phase.h"
#include "options.h"
#include "produce_phase.h"
#include "roundtrip_checker.h"

#include <librdkafka/rdkafkacpp.h>

#include <cstdio>
#include <iostream>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kExitVerified = 0;
constexpr int kExitVerificationFailed = 1;
constexpr int kExitUsage = 2;

// Unique per run, so event ids never collide with earlier runs on the same topic.
std::string makeRunId() {
  std::random_device entropy;
  const std::uint64_t bits = (static_cast<std::uint64_t>(entropy()) << 32) | entropy();
  char text[24];
  std::snprintf(text, sizeof text, "rt-%016llx", static_cast<unsigned long long>(bits));
  return text;
}

int fail(int exit_code, const tracker::common::Error& error) {
  std::cerr << "kafka-roundtrip: " << error.toString() << '\n';
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  namespace roundtrip = tracker::kafka_roundtrip;
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  auto options = roundtrip::parseOptions(args);
  if (!options) {
    fail(kExitUsage, options.error());
    std::cerr << roundtrip::kUsage;
    return kExitUsage;
  }
  if (options->help) {
    std::cout << roundtrip::kUsage;
    return kExitVerified;
  }

  const std::string run_id = makeRunId();
  const std::string group_id =
      options->group.empty() ? "kafka-roundtrip-" + run_id : options->group;
  std::cerr << "run " << run_id << ": topic " << options->topic << ", group " << group_id << '\n';

  roundtrip::RoundtripChecker checker(run_id + "-");
  auto produce_seconds = roundtrip::runProducePhase(*options, run_id, checker, std::cout);
  if (!produce_seconds) return fail(kExitUsage, produce_seconds.error());
  auto consume_seconds = roundtrip::runConsumePhase(*options, group_id, checker);
  if (!consume_seconds) return fail(kExitUsage, consume_seconds.error());

  roundtrip::RoundtripSummary summary = checker.summarize();
  summary.produced = options->count;
  summary.produce_seconds = *produce_seconds;
  summary.consume_seconds = *consume_seconds;
  std::cout << "result " << summary.toJson() << std::endl;

  // Let librdkafka's background threads finish so the process exits cleanly under sanitizers.
  RdKafka::wait_destroyed(5000);
  return summary.passed() ? kExitVerified : kExitVerificationFailed;
}
