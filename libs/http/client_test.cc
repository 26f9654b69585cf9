// The client against a scripted loopback server: methods, headers, bodies, keep-alive, statuses
// as responses, transport failures as errors.

#include "http/client.h"

#include "http/errors.h"
#include "http/testing/scripted_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tracker::http {
namespace {

using testing::RecordedRequest;
using testing::ScriptedResponse;
using testing::ScriptedServer;

ScriptedResponse echoMethod(const RecordedRequest& request) {
  return ScriptedResponse{.status = 200,
                          .body = request.method + " " + request.target + " " + request.body,
                          .headers = {{"X-Echo", "yes"}}};
}

// A loopback port nobody listens on: bound, then closed, so connecting is refused.
int closedPort() {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(socket);
  return ntohs(address.sin_port);
}

TEST(HttpClientTest, SendsEveryMethodWithBodyAndHeaders) {
  ScriptedServer server(echoMethod);
  auto client = Client::create();
  ASSERT_TRUE(client.has_value()) << client.error().toString();

  const std::pair<Method, std::string> cases[] = {{Method::kGet, ""},
                                                  {Method::kPost, "{\"a\":1}"},
                                                  {Method::kPut, "{\"b\":2}"},
                                                  {Method::kDelete, ""}};
  for (const auto& [method, body] : cases) {
    Request request{method, server.baseUrl() + "/path?q=1", {{"Content-Type", "text/x"}}, body};
    auto response = client->send(request);
    ASSERT_TRUE(response.has_value()) << response.error().toString();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, std::string(methodName(method)) + " /path?q=1 " + body);
    EXPECT_EQ(response->header("x-echo"), "yes");
  }
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(findHeader(requests[1].headers, "content-type"), "text/x");
  EXPECT_EQ(requests[1].body, "{\"a\":1}");
  EXPECT_FALSE(findHeader(requests[1].headers, "Expect").has_value());
}

TEST(HttpClientTest, ReusesOneConnection) {
  ScriptedServer server(echoMethod);
  auto client = Client::create();
  ASSERT_TRUE(client.has_value());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client->send({Method::kPost, server.baseUrl() + "/x", {}, "body"}).has_value());
  }
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& request : requests) EXPECT_EQ(request.connection, 1);
}

TEST(HttpClientTest, ErrorStatusIsAResponseNotAnError) {
  ScriptedServer server([](const RecordedRequest&) {
    return ScriptedResponse{.status = 404, .body = R"({"error_code":40401})"};
  });
  auto client = Client::create();
  auto response = client->send({Method::kGet, server.baseUrl() + "/subjects/x", {}, ""});
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, R"({"error_code":40401})");
}

TEST(HttpClientTest, RefusedConnectionIsATransportError) {
  auto client = Client::create();
  auto response = client->send(
      {Method::kGet, "http://127.0.0.1:" + std::to_string(closedPort()) + "/", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, errc::kTransport);
  EXPECT_NE(response.error().message.find("127.0.0.1"), std::string::npos);
}

TEST(HttpClientTest, DroppedConnectionIsATransportError) {
  ScriptedServer server(
      [](const RecordedRequest&) { return ScriptedResponse{.drop_connection = true}; });
  auto client = Client::create();
  auto response = client->send({Method::kGet, server.baseUrl() + "/", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, errc::kTransport);
}

TEST(HttpClientTest, SlowServerTimesOut) {
  ScriptedServer server([](const RecordedRequest&) {
    return ScriptedResponse{.status = 200, .delay = std::chrono::milliseconds(1'000)};
  });
  auto client = Client::create({.request_timeout = std::chrono::milliseconds(100)});
  auto response = client->send({Method::kGet, server.baseUrl() + "/", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, errc::kTransport);
  EXPECT_NE(response.error().message.find("imeout"), std::string::npos) << response.error().message;
}

TEST(HttpClientTest, OversizedBodyIsRejected) {
  ScriptedServer server([](const RecordedRequest&) {
    return ScriptedResponse{.status = 200, .body = std::string(1'000, 'x')};
  });
  auto client = Client::create({.max_response_bytes = 100});
  auto response = client->send({Method::kGet, server.baseUrl() + "/", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, errc::kResponseTooLarge);
}

TEST(HttpClientTest, UnsupportedSchemeIsAnInvalidRequest) {
  auto client = Client::create();
  auto response = client->send({Method::kGet, "ftp://127.0.0.1/", {}, ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, errc::kInvalidRequest);
}

TEST(HttpMessageTest, HeaderLookupIgnoresCase) {
  const Headers headers{{"Content-Type", "a"}, {"content-type", "b"}};
  EXPECT_EQ(findHeader(headers, "CONTENT-TYPE"), "a");
  EXPECT_FALSE(findHeader(headers, "Accept").has_value());
}

}  // namespace
}  // namespace tracker::http
