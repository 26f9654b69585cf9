#include "http_server/router.h"

#include <gtest/gtest.h>

namespace tracker::http_server {
namespace {

Response text(std::string body) { return Response{200, "text/plain", std::move(body), {}}; }

Response run(const Router& router, Method method, std::string target) {
  Response answer;
  router.dispatch(makeRequest(method, std::move(target), {}, "").value(),
                  [&answer](Response response) { answer = std::move(response); });
  return answer;
}

TEST(Router, MatchesParametersAndMethods) {
  Router router(Response{404, "application/json", "nf", {}},
                Response{405, "application/json", "na", {}});
  router.add(Method::kGet, "/", [](const Request&, const PathParams&) { return text("root"); });
  router.add(Method::kGet, "/subjects/{subject}/versions",
             [](const Request&, const PathParams& params) { return text("list " + params[0]); });
  router.add(Method::kPost, "/subjects/{subject}/versions",
             [](const Request&, const PathParams& params) { return text("post " + params[0]); });

  EXPECT_EQ(run(router, Method::kGet, "/").body, "root");
  EXPECT_EQ(run(router, Method::kGet, "/subjects/a%2Fb/versions").body, "list a/b");
  EXPECT_EQ(run(router, Method::kPost, "/subjects/x/versions?normalize=true").body, "post x");
  EXPECT_EQ(run(router, Method::kHead, "/subjects/x/versions").body, "list x");
  EXPECT_EQ(run(router, Method::kDelete, "/subjects/x/versions").status, 405);
  EXPECT_EQ(run(router, Method::kGet, "/subjects/x/versions/1/extra").status, 404);
  EXPECT_EQ(run(router, Method::kGet, "/unknown").body, "nf");
}

TEST(Router, AsyncRouteAnswersLater) {
  Router router(Response{404, "", "", {}}, Response{405, "", "", {}});
  Responder saved;
  router.addAsync(Method::kGet, "/later",
                  [&saved](const Request&, const PathParams&, Responder respond) {
                    saved = std::move(respond);
                  });
  Response answer;
  router.dispatch(makeRequest(Method::kGet, "/later", {}, "").value(),
                  [&answer](Response response) { answer = std::move(response); });
  EXPECT_EQ(answer.body, "");
  saved(text("done"));
  EXPECT_EQ(answer.body, "done");
}

}  // namespace
}  // namespace tracker::http_server
