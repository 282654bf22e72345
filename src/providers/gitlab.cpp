// GitLab: GET {base}/api/v4/personal_access_tokens/self
//   -> {"name", "revoked", "active", "scopes": [...], "expires_at": "2026-12-31" | null}
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

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

// The parts of the preset's table row, named for the field each fills.
namespace gitlab {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<GitlabProvider>();
}

const scope::VocabularyData& vocabulary() {
  // Personal access token scopes.
  static const scope::VocabularyData data{
      "",
      false,
      {
          {"api", {"read_api"}},
          {"write_repository", {"read_repository"}},
          {"write_registry", {"read_registry"}},
      },
      {
          {"api", ""}, {"read_api", ""}, {"read_user", ""}, {"create_runner", ""},
          {"manage_runner", ""}, {"k8s_proxy", ""}, {"read_repository", ""},
          {"write_repository", ""}, {"read_registry", ""}, {"write_registry", ""},
          {"read_virtual_registry", ""}, {"write_virtual_registry", ""}, {"sudo", ""},
          {"admin_mode", ""}, {"read_service_ping", ""}, {"ai_features", ""},
          {"self_rotate", ""}, {"read_observability", ""}, {"write_observability", ""}, {"mcp", ""},
      },
      {},
      true,  // GitLab's documented list (more-providers.md); a new scope is added here
      "GitLab",
  };
  return data;
}

// 403 {"error": "insufficient_scope", "scope": "api read_api"}
std::string error_body_hint(const boost::json::value& body) {
  if (string_at(body, "/error") != std::optional<std::string>("insufficient_scope")) return {};
  const auto scope = string_at(body, "/scope");
  return scope ? "the provider says it needs one of: " + *scope : "the provider says the token has insufficient scope";
}

// `scopegate init --preset gitlab`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  gitlab:
    preset: gitlab
    base_url: https://gitlab.com     # or your self-managed instance
    token_env: GITLAB_TOKEN

features:
  read-api:
    description: Read merge requests and pipelines
    requires: [read_api]
  push-tags:
    description: Push release tags
    requires: [write_repository]
    hint: GitLab cannot add scopes to an existing token; create a new one with write_repository.
  push-image:
    description: Push images to the container registry
    requires: [write_registry]
    when: { env: CI_COMMIT_TAG }     # only on tag pipelines
)";
}  // namespace gitlab

const PresetInfo& gitlab_preset() {
  static const PresetInfo row{
      .name = "gitlab",
      .summary = "GitLab personal access tokens (GET /api/v4/personal_access_tokens/self)",
      .default_base_url = "https://gitlab.com",
      .default_token_env = "GITLAB_TOKEN",
      .default_token_page = "{base}/-/user_settings/personal_access_tokens",
      .fix_template = "create a token with {scopes}[ at {page}] (GitLab cannot add scopes to an existing token)",
      .vocabulary = &gitlab::vocabulary,
      .create = &gitlab::create,
      .starter_manifest = gitlab::kStarterManifest,
      .error_body_hint = &gitlab::error_body_hint,
  };
  return row;
}

}  // namespace scopegate::providers
