#include "http_server/server.h"

#include "http_server/errors.h"

// g++ 12 + C++20: asio uses std::exchange & co. without including <utility> itself.
#include <restinio/all.hpp>
#include <sys/resource.h>

#include <atomic>
#include <exception>
#include <future>
#include <mutex>
#include <utility>

namespace tracker::http_server {
namespace {

// The default traits plus a cap on open connections (RESTinio stops accepting at the cap and
// resumes when one closes).
struct Traits : restinio::default_traits_t {
  // NOLINTNEXTLINE(readability-identifier-naming): the name RESTinio looks for
  static constexpr bool use_connection_count_limiter = true;
};
using HttpServer = restinio::http_server_t<Traits>;
using Runner = restinio::on_pool_runner_t<HttpServer>;

std::string reasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// RESTinio 0.6's acceptor stops for good after one failed accept() (e.g. EMFILE: it only re-arms
// on success). The connection cap keeps our own connections far below the descriptor limit, and
// the soft limit goes up to the hard one so the other descriptors (Kafka, PostgreSQL) fit too.
void raiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

void send(const restinio::request_handle_t& req, const Response& response, bool head) {
  auto builder = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
      reasonPhrase(response.status)});
  builder.append_header(restinio::http_field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) builder.append_header(name, value);
  if (!head) builder.set_body(response.body);
  builder.done();
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  RequestHandler handler;
  std::atomic<std::uint16_t> port{0};
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<Runner> runner;
  std::mutex stop_mutex;
  bool stopped = false;

  restinio::request_handling_status_t onRequest(const restinio::request_handle_t& req) {
    const Method method = parseMethod(req->header().method().c_str());
    const bool head = method == Method::kHead;
    Pairs headers;
    for (const auto& field : req->header()) headers.emplace_back(field.name(), field.value());
    auto request = makeRequest(method, std::string(req->header().request_target()),
                               std::move(headers), req->body());
    if (!request) {
      send(req, options.bad_request, head);
      return restinio::request_accepted();
    }
    // The responder owns the RESTinio request handle; the flag makes a second call harmless.
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Responder respond = [req, answered, head](Response response) {
      if (answered->exchange(true)) return;
      send(req, response, head);
    };
    try {
      handler(std::move(*request), respond);
    } catch (const std::exception& e) {
      respond(Response{
          500, "application/json", R"({"error_code":500,"message":"internal error"})", {}});
    }
    return restinio::request_accepted();
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

common::Result<std::unique_ptr<Server>> Server::start(ServerOptions options,
                                                      RequestHandler handler) {
  raiseDescriptorLimit();
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  Impl* raw = impl.get();
  try {
    restinio::server_settings_t<Traits> settings;
    settings.address(raw->options.host)
        .port(raw->options.port)
        .request_handler(
            [raw](const restinio::request_handle_t& req) { return raw->onRequest(req); })
        .incoming_http_msg_limits(
            restinio::incoming_http_msg_limits_t{}.max_body_size(raw->options.max_body_bytes))
        .max_parallel_connections(raw->options.max_connections)
        .concurrent_accepts_count(std::max<std::size_t>(1, raw->options.threads))
        .read_next_http_message_timelimit(raw->options.read_timeout)
        .write_http_response_timelimit(raw->options.write_timeout)
        .handle_request_timeout(raw->options.handler_timeout)
        .acceptor_post_bind_hook([raw](restinio::asio_ns::ip::tcp::acceptor& acceptor) {
          raw->port = acceptor.local_endpoint().port();
        });
    raw->server = std::make_unique<HttpServer>(restinio::own_io_context(), std::move(settings));
    raw->runner =
        std::make_unique<Runner>(std::max<std::size_t>(1, raw->options.threads), *raw->server);
    std::promise<void> opened;
    auto opened_future = opened.get_future();
    raw->runner->start(
        [&opened]() noexcept { opened.set_value(); },
        [&opened](std::exception_ptr error) noexcept { opened.set_exception(std::move(error)); });
    opened_future.get();
  } catch (const std::exception& e) {
    // RESTinio 0.6's runner stops its pool on an open failure only if the failure happens after
    // the pool counts as started; a fast failure races with that and leaves the threads running.
    // Stopping the io_context ourselves (thread-safe, idempotent) makes wait() always return.
    if (raw->server) raw->server->io_context().stop();
    if (raw->runner) raw->runner->wait();
    raw->stopped = true;
    return common::makeError(std::string(errc::kStartFailed),
                             "cannot listen on " + raw->options.host + ":" +
                                 std::to_string(raw->options.port) + ": " + e.what());
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const { return impl_->port.load(); }

void Server::stop() {
  if (!impl_) return;
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->runner->stop();
  impl_->runner->wait();
}

}  // namespace tracker::http_server
