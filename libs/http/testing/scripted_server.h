#pragma once

// A tiny HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) for hermetic unit tests of HTTP
// clients: every request is recorded and answered by a test-supplied function. Test support only;
// never linked into a service.

#include "http/message.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tracker::http::testing {

/// One request as the server received it.
struct RecordedRequest {
  std::string method;
  /// The request target exactly as sent, still percent-encoded (e.g. "/subjects/a%2Fb/versions").
  std::string target;
  Headers headers{};
  std::string body{};
  /// 1 for the first accepted connection, 2 for the second, ...: shows keep-alive at work.
  int connection = 0;
};

/// How to answer one request.
struct ScriptedResponse {
  int status = 200;
  std::string body{};
  Headers headers{};
  /// Close the connection without answering (the client sees a transport error).
  bool drop_connection = false;
  /// Wait this long before answering (lets tests provoke client time-outs).
  std::chrono::milliseconds delay{0};
};

/// Serves one connection at a time on a background thread until destroyed.
class ScriptedServer {
 public:
  /// Decides the answer to each request.
  using Handler = std::function<ScriptedResponse(const RecordedRequest&)>;

  /// Binds 127.0.0.1:0 and starts serving. Aborts the test binary if the socket cannot be bound.
  explicit ScriptedServer(Handler handler);

  /// Stops the serving thread and joins it.
  ~ScriptedServer();

  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  /// "http://127.0.0.1:<port>".
  std::string baseUrl() const;

  /// Every request received so far, in arrival order.
  std::vector<RecordedRequest> requests() const;

 private:
  void serve();
  void serveConnection(int socket, int connection);

  Handler handler_;
  int listen_socket_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

}  // namespace tracker::http::testing
