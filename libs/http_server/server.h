#pragma once

// An HTTP/1.1 server on a fixed thread pool. The HTTP library (RESTinio today) stays behind this
// header: swapping it touches only this folder.

#include "common/result.h"
#include "http_server/router.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tracker::http_server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  /// 0 picks a free port; Server::port() tells which.
  std::uint16_t port = 0;
  std::size_t threads = 2;
  /// Requests with a larger body are refused (the connection is closed) before the handler runs.
  std::uint64_t max_body_bytes = 16 * 1024 * 1024;
  /// Response to a request whose target cannot be decoded (bad percent-escape).
  Response bad_request{
      400, "application/json", R"({"error_code":400,"message":"HTTP 400 Bad Request"})", {}};
};

/// A running server. Handlers run on the pool threads; a handler may keep its Responder and
/// answer later from any thread.
class Server {
 public:
  /// Binds and starts serving; fails (errc::kStartFailed) if the address cannot be bound.
  static common::Result<std::unique_ptr<Server>> start(ServerOptions options,
                                                       RequestHandler handler);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  /// Stops and joins (see stop()).
  ~Server();

  /// The bound port (useful with port 0).
  std::uint16_t port() const;

  /// Stops accepting, closes connections and joins the pool threads. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracker::http_server
