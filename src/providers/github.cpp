// GitHub: GET {base}/user. Classic tokens list their scopes in the
// X-OAuth-Scopes header; fine-grained, App and GITHUB_TOKEN tokens send none.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers {

namespace {
constexpr const char* kNoScopeHeader =
    "GitHub lists scopes only for classic personal access tokens; this token sent no "
    "X-OAuth-Scopes header, so it is a fine-grained, GitHub App or GITHUB_TOKEN token whose "
    "permissions GitHub does not disclose";

class GithubProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (auto failure = facts_for_failure_status(response)) return *failure;
    TokenFacts facts;
    if (const auto scopes = response.header("X-OAuth-Scopes")) {
      facts.scopes_listed = true;
      facts.granted = util::split_scope_list(*scopes);
      // A classic token without an expiry header never expires.
      facts.expiry_known = true;
    } else {
      facts.unverifiable_reason = kNoScopeHeader;
    }
    if (const auto expiry = response.header("GitHub-Authentication-Token-Expiration")) {
      facts.expiry_known = true;
      facts.expires_at = util::parse_timestamp(*expiry);
      if (!facts.expires_at) {
        facts.expiry_known = false;
        facts.notes.push_back("cannot read the token expiry \"" + *expiry + "\"");
      }
    }
    boost::json::value root;
    std::string ignored;
    if (parse_json_body(response.body, &root, &ignored)) facts.account = string_at(root, "/login");
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    auto request = make_request(context, "GET", "/user", error);
    if (request) request->headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    return request;
  }
};
}  // namespace

std::unique_ptr<Provider> create_github(const manifest::ProviderSpec&) {
  return std::make_unique<GithubProvider>();
}

}  // namespace scopegate::providers
