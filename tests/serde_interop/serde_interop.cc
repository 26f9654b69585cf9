// serde-interop produce|consume --bootstrap B --registry URL --topic T [--count N]
//     [--timeout-s S] [--deprecated-format]
// Exit codes: 0 every record handled, 1 a record failed, 2 usage or setup error.

#include "common/parse.h"
#include "interop.h"

#include <google/protobuf/util/json_util.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

namespace tracker::serde_interop {

std::string toJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  print.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(message, &out, print);
  return out;
}

}  // namespace tracker::serde_interop

namespace {

int usage(std::string_view why) {
  std::cerr << "serde-interop: " << why << "\nusage: serde-interop produce|consume --bootstrap B "
            << "--registry URL --topic T [--count N] [--timeout-s S] [--deprecated-format]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tracker;
  if (argc < 2) return usage("missing mode");
  std::string_view mode = argv[1];
  serde_interop::InteropOptions options;
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--deprecated-format") {
      options.deprecated_format = true;
      continue;
    }
    const char* v = value();
    if (v == nullptr) return usage(std::string(arg) + " needs a value");
    if (arg == "--bootstrap") {
      options.bootstrap = v;
    } else if (arg == "--registry") {
      options.registry_url = v;
    } else if (arg == "--topic") {
      options.topic = v;
    } else if (arg == "--count" || arg == "--timeout-s") {
      auto n = common::parseInt64(v);
      if (!n || *n <= 0) return usage(std::string(arg) + " must be a positive integer");
      (arg == "--count" ? options.count : options.timeout_s) = static_cast<int>(*n);
    } else {
      return usage("unknown option " + std::string(arg));
    }
  }
  if (options.bootstrap.empty() || options.registry_url.empty() || options.topic.empty()) {
    return usage("--bootstrap, --registry and --topic are required");
  }
  schema_registry::ClientOptions client_options;
  client_options.base_url = options.registry_url;
  auto client = schema_registry::Client::create(client_options);
  if (!client) return usage("registry client: " + client.error().message);
  std::shared_ptr<schema_registry::Client> registry = std::move(*client);
  if (mode == "produce") return serde_interop::produceEvents(options, registry);
  if (mode == "consume") return serde_interop::consumeEvents(options, registry);
  return usage("mode must be produce or consume");
}
