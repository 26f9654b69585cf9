#pragma once

// An HTTP/1.1 server on a fixed thread pool. The HTTP library (RESTinio today) stays behind this
// header: swapping it touches only this folder.

#include "common/result.h"
#include "http_server/router.h"

#include <chrono>
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
  /// Small by default: services that take real bodies (ingest, schemas) set their own.
  std::uint64_t max_body_bytes = 64 * 1024;
  /// Response to a request whose target cannot be decoded (bad percent-escape).
  Response bad_request{
      400, "application/json", R"({"error_code":400,"message":"HTTP 400 Bad Request"})", {}};
  /// Open connections at most; further ones wait in the listen backlog until one closes (so a
  /// flood of idle connections cannot exhaust the process's file descriptors, whose soft limit
  /// start() raises to the hard one).
  std::size_t max_connections = 1024;
  /// A connection must deliver each request (line, headers, body) within this, or it is closed:
  /// slow or idle clients do not hold a connection slot for long.
  std::chrono::milliseconds read_timeout{10'000};
  /// Writing an answer must finish within this.
  std::chrono::milliseconds write_timeout{10'000};
  /// A handler must answer within this, or the connection is closed without an answer: longer
  /// than anything a handler waits for (the producer waits for Kafka's acknowledgement).
  std::chrono::milliseconds handler_timeout{10'000};
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
