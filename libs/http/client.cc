#include "http/client.h"

#include "common/text.h"
#include "http/errors.h"

#include <curl/curl.h>

#include <array>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tracker::http {
namespace {

struct EasyHandleDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyHandleDeleter>;

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

// curl_global_init is not thread-safe and must run before any other libcurl call; doing it once
// here keeps callers from having to remember. It is never undone: other libraries in the process
// may use libcurl too, and cleanup at exit buys nothing.
CURLcode initialiseCurlOnce() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result;
}

// Where libcurl's callbacks write the response of the request in flight.
struct Sink {
  Response* response;
  std::size_t max_body_bytes;
  bool body_too_large = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user_data) {
  auto* sink = static_cast<Sink*>(user_data);
  const std::size_t bytes = size * count;
  if (sink->response->body.size() + bytes > sink->max_body_bytes) {
    sink->body_too_large = true;
    return 0;  // Anything but `bytes` makes libcurl abort with CURLE_WRITE_ERROR.
  }
  sink->response->body.append(data, bytes);
  return bytes;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user_data) {
  auto* sink = static_cast<Sink*>(user_data);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.starts_with("HTTP/")) {
    // A new status line: an interim (100 Continue) response ended, keep only the final headers.
    sink->response->headers.clear();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    sink->response->headers.push_back(Header{std::string(common::trim(line.substr(0, colon))),
                                             std::string(common::trim(line.substr(colon + 1)))});
  }
  return bytes;
}

common::Result<HeaderList> buildHeaderList(const Headers& headers) {
  // libcurl adds "Expect: 100-continue" to larger POST/PUT bodies, costing a round trip per
  // request against servers that do not answer it; an empty value suppresses the header.
  std::vector<std::string> lines{"Expect:"};
  for (const Header& header : headers) lines.push_back(header.name + ": " + header.value);

  HeaderList list;
  for (const std::string& line : lines) {
    // On success the returned head is the old head (or the new node for an empty list).
    curl_slist* head = curl_slist_append(list.get(), line.c_str());
    if (head == nullptr) {
      return common::makeError(std::string(errc::kInitialisation), "out of memory for headers");
    }
    if (head != list.get()) list.reset(head);
  }
  return list;
}

common::Error transferError(CURLcode code, const char* detail) {
  const std::string message =
      std::string(curl_easy_strerror(code)) + (*detail != '\0' ? std::string(": ") + detail : "");
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return {std::string(errc::kInvalidRequest), message};
    default:
      return {std::string(errc::kTransport), message};
  }
}

}  // namespace

struct Client::State {
  ClientOptions options;
  std::mutex mutex;  // Serializes send(): an easy handle is single-threaded.
  EasyHandle handle;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
};

common::Result<Client> Client::create(ClientOptions options) {
  if (const CURLcode code = initialiseCurlOnce(); code != CURLE_OK) {
    return common::makeError(std::string(errc::kInitialisation),
                             std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
  EasyHandle handle(curl_easy_init());
  if (!handle)
    return common::makeError(std::string(errc::kInitialisation), "curl_easy_init failed");
  auto state = std::make_unique<State>();
  state->options = std::move(options);
  state->handle = std::move(handle);
  return Client(std::move(state));
}

Client::Client(std::unique_ptr<State> state) : state_(std::move(state)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

common::Result<Response> Client::send(const Request& request) {
  std::lock_guard lock(state_->mutex);
  CURL* curl = state_->handle.get();
  const ClientOptions& options = state_->options;

  // Reset forgets every option of the previous request but keeps the connection cache, so the
  // next request to the same host reuses the open connection.
  curl_easy_reset(curl);

  auto header_list = buildHeaderList(request.headers);
  if (!header_list) return tl::unexpected(header_list.error());

  Response response;
  Sink sink{&response, options.max_response_bytes};
  state_->error_buffer[0] = '\0';

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // Timeouts without SIGALRM: safe in threads.
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, state_->error_buffer.data());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list->get());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);

  if (request.method == Method::kGet && request.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method != Method::kPost) {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, methodName(request.method).data());
    }
    if (!request.body.empty() || request.method == Method::kPost ||
        request.method == Method::kPut) {
      // POSTFIELDS does not copy: request.body outlives curl_easy_perform below.
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
  }

  const CURLcode code = curl_easy_perform(curl);
  if (sink.body_too_large) {
    return common::makeError(std::string(errc::kResponseTooLarge),
                             "response body from " + request.url + " exceeds " +
                                 std::to_string(options.max_response_bytes) + " bytes");
  }
  if (code != CURLE_OK) {
    const common::Error error = transferError(code, state_->error_buffer.data());
    return common::makeError(error.code, std::string(methodName(request.method)) + " " +
                                             request.url + ": " + error.message);
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace tracker::http
