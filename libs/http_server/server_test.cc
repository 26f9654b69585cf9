#include "http_server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace tracker::http_server {
namespace {

// One request over a fresh loopback connection; returns the whole raw response.
std::string roundTrip(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return "";
  }
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
