#pragma once

// A small blocking HTTP/1.1 client over libcurl, for talking to REST services such as the schema
// registry. Transport failures are error values; HTTP statuses (4xx, 5xx too) are responses.

#include "common/result.h"
#include "http/message.h"

#include <chrono>
#include <cstddef>
#include <memory>

namespace tracker::http {

/// Limits applied to every request of a Client.
struct ClientOptions {
  /// Time allowed to establish the TCP (and TLS) connection.
  std::chrono::milliseconds connect_timeout{2'000};
  /// Time allowed for the whole exchange, connection included.
  std::chrono::milliseconds request_timeout{10'000};
  /// A larger response body aborts the transfer with errc::kResponseTooLarge, so a misbehaving
  /// server cannot make us buffer without bound.
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  /// Sent as User-Agent.
  std::string user_agent = "tracker-http/0.1";
};

/// A blocking HTTP client that keeps its connection alive between requests.
///
/// Owns one libcurl easy handle, reused for every request so that its connection cache keeps the
/// TCP connection to the server open (keep-alive) instead of reconnecting each time.
///
/// Thread-safety: send() may be called from several threads; calls are serialized by a mutex
/// because an easy handle must not be used concurrently. One Client therefore runs one request at
/// a time; use one Client per thread when requests must overlap.
///
/// libcurl's global state is initialised once per process (std::call_once) on first creation
/// and deliberately never cleaned up.
class Client {
 public:
  /// Creates a client. Fails with errc::kInitialisation when libcurl cannot be initialised.
  static common::Result<Client> create(ClientOptions options = {});

  /// Moves the handle and its connection; the moved-from client must not be used again.
  Client(Client&&) noexcept;
  /// Moves the handle and its connection; the moved-from client must not be used again.
  Client& operator=(Client&&) noexcept;
  /// Closes the connection (curl_easy_cleanup).
  ~Client();

  /// Performs one request and waits for the complete response.
  ///
  /// Any HTTP status comes back as a Response. Errors: errc::kTransport (could not connect, reset,
  /// timed out; message from libcurl), errc::kInvalidRequest (malformed URL, unsupported scheme),
  /// errc::kResponseTooLarge. Redirects are not followed.
  common::Result<Response> send(const Request& request);

 private:
  struct State;
  explicit Client(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace tracker::http
