#include "http/testing/scripted_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace tracker::http::testing {
namespace {

constexpr int kPollMillis = 20;  // How quickly the thread notices it should stop.

[[noreturn]] void die(const char* what) {
  std::perror(what);
  std::abort();
}

// Waits until `socket` is readable, polling so that a stop request is noticed.
bool waitReadable(int socket, const std::atomic<bool>& stopping) {
  while (!stopping.load()) {
    pollfd descriptor{socket, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, kPollMillis);
    if (ready > 0) return true;
    if (ready < 0) return false;
  }
  return false;
}

std::string lowercase(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// Parses "METHOD target HTTP/1.1\r\nName: value\r\n...\r\n" (without the body).
std::optional<RecordedRequest> parseHead(std::string_view head) {
  RecordedRequest request;
  auto line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const auto first_space = request_line.find(' ');
  const auto second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return std::nullopt;
  }
  request.method = std::string(request_line.substr(0, first_space));
  request.target =
      std::string(request_line.substr(first_space + 1, second_space - first_space - 1));
  while (line_end != std::string_view::npos && line_end + 2 < head.size()) {
    const auto start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, line_end - start);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.push_back(Header{std::string(line.substr(0, colon)), std::string(value)});
  }
  return request;
}

bool sendAll(int socket, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = ::send(socket, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

std::string renderResponse(const ScriptedResponse& response) {
  std::string text = "HTTP/1.1 " + std::to_string(response.status) + " Scripted\r\n";
  for (const Header& header : response.headers) text += header.name + ": " + header.value + "\r\n";
  text += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
  text += response.body;
  return text;
}

}  // namespace

ScriptedServer::ScriptedServer(Handler handler) : handler_(std::move(handler)) {
  listen_socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_socket_ < 0) die("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listen_socket_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    die("bind");
  }
  if (::listen(listen_socket_, 16) != 0) die("listen");
  socklen_t length = sizeof(address);
  if (::getsockname(listen_socket_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    die("getsockname");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

ScriptedServer::~ScriptedServer() {
  stopping_.store(true);
  thread_.join();
  ::close(listen_socket_);
}

std::string ScriptedServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<RecordedRequest> ScriptedServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void ScriptedServer::serve() {
  int connections = 0;
  while (waitReadable(listen_socket_, stopping_)) {
    const int socket = ::accept(listen_socket_, nullptr, nullptr);
    if (socket < 0) continue;
    serveConnection(socket, ++connections);
    ::close(socket);
  }
}

void ScriptedServer::serveConnection(int socket, int connection) {
  std::string buffer;
  char chunk[4096];
  while (true) {
    // Read until a complete head and the body announced by Content-Length are buffered.
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!waitReadable(socket, stopping_)) return;
      const ssize_t received = ::recv(socket, chunk, sizeof(chunk), 0);
      if (received <= 0) return;  // The client closed the connection.
      buffer.append(chunk, static_cast<std::size_t>(received));
    }
    auto request = parseHead(std::string_view(buffer).substr(0, head_end + 2));
    if (!request) return;
    std::size_t body_length = 0;
    for (const Header& header : request->headers) {
      if (lowercase(header.name) == "content-length") body_length = std::stoul(header.value);
    }
    const std::size_t body_start = head_end + 4;
    while (buffer.size() < body_start + body_length) {
      if (!waitReadable(socket, stopping_)) return;
      const ssize_t received = ::recv(socket, chunk, sizeof(chunk), 0);
      if (received <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(received));
    }
    request->body = buffer.substr(body_start, body_length);
    request->connection = connection;
    buffer.erase(0, body_start + body_length);

    {
      std::lock_guard lock(mutex_);
      requests_.push_back(*request);
    }
    const ScriptedResponse response = handler_(*request);
    if (response.drop_connection) return;
    const auto deadline = std::chrono::steady_clock::now() + response.delay;
    while (std::chrono::steady_clock::now() < deadline && !stopping_.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMillis));
    }
    if (!sendAll(socket, renderResponse(response))) return;
  }
}

}  // namespace tracker::http::testing
