#include "http_server/api_error.h"

#include "common/json_string.h"

namespace tracker::http_server {

using common::appendJsonString;

ApiError makeApiError(const ApiErrorKind& kind, std::string message) {
  return {kind.status, std::string(kind.code), std::move(message), kind.retry_after};
}

std::string renderErrorBody(std::string_view code, std::string_view message) {
  std::string out = "{\"error\":{\"code\":";
  appendJsonString(out, code);
  out += ",\"message\":";
  appendJsonString(out, message);
  out += "}}";
  return out;
}

Response errorResponse(const ApiError& error) {
  Response response = jsonResponse(error.status, renderErrorBody(error.code, error.message));
  if (error.retry_after > 0) setRetryAfter(response, error.retry_after);
  return response;
}

Response jsonResponse(int status, std::string body) {
  return Response{status, "application/json", std::move(body), {}};
}

void setRetryAfter(Response& response, int seconds) {
  response.headers.emplace_back("Retry-After", std::to_string(seconds));
}

Response readinessResponse(const std::vector<std::string>& reasons, int retry_after) {
  if (reasons.empty()) return jsonResponse(200, R"({"status":"ready"})");
  std::string joined;
  std::string body = R"({"status":"not_ready","reasons":[)";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) {
      joined += "; ";
      body += ',';
    }
    joined += reasons[i];
    appendJsonString(body, reasons[i]);
  }
  body += R"(],"error":{"code":"not_ready","message":)";
  appendJsonString(body, joined);
  body += "}}";
  Response response = jsonResponse(503, std::move(body));
  setRetryAfter(response, retry_after);
  return response;
}

}  // namespace tracker::http_server
