#include "options.h"

#include "common/parse.h"

#include <optional>

namespace tracker::kafka_roundtrip {

const std::string_view kUsage =
    "usage: kafka-roundtrip --bootstrap HOST:PORT --topic TOPIC --count N\n"
    "                       [--keys K=50] [--rate RECORDS_PER_S=0 (unpaced)]\n"
    "                       [--timeout-s S=120] [--group GROUP (default: fresh per run)]\n"
    "Produces N keyed records (idempotent, acks=all), reads them back with a fresh consumer\n"
    "group and checks nothing acknowledged is missing, duplicated or out of order per key.\n"
    "stdout: 'progress acked=<n> failed=<m>' every 100 acks, then 'result <json>'.\n"
    "exit: 0 verified, 1 verification failed, 2 usage or configuration error.\n";

namespace {

common::Error usageError(std::string message) {
  return common::Error{std::string(kUsageError), std::move(message)};
}

template <typename T>
common::Result<T> numberFlag(std::string_view flag, std::string_view text,
                             common::Result<T> (*parse)(std::string_view), T minimum) {
  auto value = parse(text);
  if (!value) return tl::unexpected(usageError(std::string(flag) + ": " + value.error().message));
  if (*value < minimum) {
    return tl::unexpected(usageError(std::string(flag) + " must be at least " +
                                     std::to_string(minimum) + ", got " + std::string(text)));
  }
  return value;
}

common::Result<void> apply(Options& options, std::string_view flag, std::string_view value) {
  auto assign = [](auto& field) {
    return [&field](auto parsed) -> common::Result<void> {
      field = parsed;
      return {};
    };
  };
  if (flag == "--bootstrap") {
    options.bootstrap = value;
    return {};
  }
  if (flag == "--topic") {
    options.topic = value;
    return {};
  }
  if (flag == "--group") {
    options.group = value;
    return {};
  }
  if (flag == "--count") {
    return numberFlag<std::int64_t>(flag, value, common::parseInt64, 1)
        .and_then(assign(options.count));
  }
  if (flag == "--keys") {
    return numberFlag<std::int64_t>(flag, value, common::parseInt64, 1)
        .and_then(assign(options.keys));
  }
  if (flag == "--timeout-s") {
    return numberFlag<std::int64_t>(flag, value, common::parseInt64, 1)
        .and_then(assign(options.timeout_s));
  }
  if (flag == "--rate") {
    return numberFlag<double>(flag, value, common::parseDouble, 0.0).and_then(assign(options.rate));
  }
  return tl::unexpected(usageError("unknown flag " + std::string(flag)));
}

}  // namespace

common::Result<Options> parseOptions(std::span<const std::string_view> args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    if (flag == "--help" || flag == "-h") {
      options.help = true;
      return options;
    }
    if (!flag.starts_with("--")) {
      return tl::unexpected(usageError("unexpected argument " + std::string(flag)));
    }
    std::optional<std::string_view> value;
    if (auto equals = flag.find('='); equals != std::string_view::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return tl::unexpected(usageError(std::string(flag) + " needs a value"));
    }
    if (auto applied = apply(options, flag, *value); !applied) {
      return tl::unexpected(applied.error());
    }
  }
  if (options.bootstrap.empty()) return tl::unexpected(usageError("--bootstrap is required"));
  if (options.topic.empty()) return tl::unexpected(usageError("--topic is required"));
  if (options.count == 0) return tl::unexpected(usageError("--count is required"));
  return options;
}

}  // namespace tracker::kafka_roundtrip
