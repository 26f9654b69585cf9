// Fuzz target: any bytes as a registry request through its REST layer (over the in-memory store,
// fresh per input): byte 0 picks the method, then the target up to the first newline, then the
// body. Every request must get exactly one answer with a JSON body.

#include "rest_api.h"
#include "testing/memory_schema_store.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace registry = tracker::schema_registry_service;
  using tracker::http_server::Method;
  if (size == 0) return 0;
  constexpr std::array<Method, 5> kMethods = {Method::kGet, Method::kPost, Method::kPut,
                                              Method::kDelete, Method::kHead};
  const Method method = kMethods[data[0] % kMethods.size()];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t newline = rest.find('\n');
  const std::string target(rest.substr(0, newline));
  const std::string body(newline == std::string_view::npos ? "" : rest.substr(newline + 1));
  auto request = tracker::http_server::makeRequest(method, target, {}, body);
  if (!request) return 0;  // the server answers 400 before the routes run

  registry::testing::MemorySchemaStore store;
  registry::Registry rules(store, 16);
  registry::Settings settings(store);
  const auto router = registry::makeRestApi(rules, settings);
  int answers = 0;
  std::string answered;
  router->dispatch(std::move(*request), [&](tracker::http_server::Response response) {
    ++answers;
    answered = std::move(response.body);
  });
  if (answers != 1) __builtin_trap();
  if (method != Method::kHead &&
      nlohmann::json::parse(answered, nullptr, /*allow_exceptions=*/false).is_discarded()) {
    __builtin_trap();
  }
  return 0;
}
