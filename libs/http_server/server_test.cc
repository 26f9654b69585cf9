#include "http_server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace tracker::http_server {
namespace {

// A connected socket (no request sent yet); -1 when the connection fails.
int connectTo(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// One request over a fresh loopback connection; returns the whole raw response.
std::string roundTrip(std::uint16_t port, const std::string& request) {
  const int fd = connectTo(port);
  if (fd < 0) return "";
  (void)::send(fd, request.data(), request.size(), 0);
  std::string response;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, n);
  ::close(fd);
  return response;
}

TEST(Server, ServesRoutesOnAnEphemeralPort) {
  Router router(Response{404, "application/json", R"({"error_code":404})", {}},
                Response{405, "application/json", R"({"error_code":405})", {}});
  router.add(Method::kGet, "/subjects/{subject}",
             [](const Request& request, const PathParams& params) {
               return Response{200,
                               "text/plain",
                               params[0] + "|" + request.queryParam("q").value_or(""),
                               {{"X-Test", "1"}}};
             });
  auto server = Server::start(ServerOptions{"127.0.0.1", 0, 2, 1024, {}}, router.handler());
  ASSERT_TRUE(server) << server.error().toString();
  ASSERT_NE((*server)->port(), 0);

  const std::string ok =
      roundTrip((*server)->port(),
                "GET /subjects/a%2Fb?q=x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(ok.find("200 OK"), std::string::npos) << ok;
  EXPECT_NE(ok.find("X-Test: 1"), std::string::npos) << ok;
  EXPECT_NE(ok.find("a/b|x"), std::string::npos) << ok;

  const std::string missing =
      roundTrip((*server)->port(), "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(missing.find("404"), std::string::npos) << missing;
  EXPECT_NE(missing.find(R"({"error_code":404})"), std::string::npos) << missing;

  (*server)->stop();
  (*server)->stop();  // idempotent
}

// What arrives within `wait`; stops at the peer's close ("closed" is then true).
struct Received {
  std::string bytes;
  bool closed = false;
};
Received receiveFor(int fd, std::chrono::milliseconds wait) {
  Received received;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd ready{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (::poll(&ready, 1, static_cast<int>(std::max<std::int64_t>(1, left.count()))) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      received.closed = true;
      break;
    }
    received.bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return received;
}

Router okRouter() {
  Router router(Response{404, "application/json", "{}", {}},
                Response{405, "application/json", "{}", {}});
  router.add(Method::kGet, "/ok", [](const Request&, const PathParams&) {
    return Response{200, "text/plain", "ok", {}};
  });
  return router;
}

// Review H4: a client that connects and sends nothing (or too slowly) gives its slot back.
TEST(Server, AConnectionThatSendsNothingIsClosedAfterTheReadTimeout) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(300);
  Router router = okRouter();
  auto server = Server::start(options, router.handler());
  ASSERT_TRUE(server) << server.error().toString();
  const int fd = connectTo((*server)->port());
  ASSERT_GE(fd, 0);
  (void)::send(fd, "GET /ok HTTP/1.1\r\nHost", 20, 0);  // a request that never ends
  const Received received = receiveFor(fd, std::chrono::milliseconds(3'000));
  ::close(fd);
  EXPECT_TRUE(received.closed);
  EXPECT_EQ(received.bytes.find("200"), std::string::npos) << received.bytes;
}

// Review H4: at the cap, a further connection waits (it is not accepted) until one closes.
TEST(Server, AtTheConnectionCapAFurtherClientWaitsForASlot) {
  ServerOptions options;
  options.max_connections = 2;
  Router router = okRouter();
  auto server = Server::start(options, router.handler());
  ASSERT_TRUE(server) << server.error().toString();
  const std::uint16_t port = (*server)->port();
  const int idle_one = connectTo(port);
  const int idle_two = connectTo(port);
  ASSERT_GE(idle_one, 0);
  ASSERT_GE(idle_two, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both accepted

  const int third = connectTo(port);  // completes in the kernel's backlog
  ASSERT_GE(third, 0);
  const std::string get = "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  (void)::send(third, get.data(), get.size(), 0);
  EXPECT_EQ(receiveFor(third, std::chrono::milliseconds(500)).bytes, "");  // not served yet

  ::close(idle_one);
  const Received served = receiveFor(third, std::chrono::milliseconds(3'000));
  EXPECT_NE(served.bytes.find("200 OK"), std::string::npos) << served.bytes;
  ::close(third);
  ::close(idle_two);
}

TEST(Server, FailsWhenPortIsTaken) {
  Router router(Response{}, Response{});
  auto first = Server::start(ServerOptions{"127.0.0.1", 0, 1, 1024, {}}, router.handler());
  ASSERT_TRUE(first);
  auto second =
      Server::start(ServerOptions{"127.0.0.1", (*first)->port(), 1, 1024, {}}, router.handler());
  EXPECT_FALSE(second);
}

}  // namespace
}  // namespace tracker::http_server
