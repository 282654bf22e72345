// GitLab: GET {base}/api/v4/personal_access_tokens/self
//   -> {"name", "revoked", "active", "scopes": [...], "expires_at": "2026-12-31" | null}
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"

namespace scopegate::providers {

namespace {
bool is_true_at(const boost::json::value& root, std::string_view pointer) {
  boost::json::error_code code;
  const auto* found = root.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), code);
  return found && found->is_bool() && found->get_bool();
}
bool is_false_at(const boost::json::value& root, std::string_view pointer) {
  boost::json::error_code code;
  const auto* found = root.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), code);
  return found && found->is_bool() && !found->get_bool();
}

class GitlabProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    std::string error;
    if (is_true_at(root, "/revoked")) return TokenFacts::rejected("GitLab says the token is revoked");
    if (is_false_at(root, "/active"))
      return TokenFacts::rejected("GitLab says the token is not active (expired or revoked)");

    TokenFacts facts;
    facts.scopes_listed = true;
    if (!string_list_at(root, "/scopes", "", &facts.granted, &error))
      return TokenFacts::failed("cannot read GitLab's answer: " + error);
    facts.key_name = string_at(root, "/name");
    if (!read_expiry(root, "/expires_at", &facts, &error)) facts.notes.push_back(error);
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/api/v4/personal_access_tokens/self", error);
  }
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    request.headers.emplace_back("PRIVATE-TOKEN", context.token);
  }
};
}  // namespace

std::unique_ptr<Provider> create_gitlab(const manifest::ProviderSpec&) {
  return std::make_unique<GitlabProvider>();
}

}  // namespace scopegate::providers
