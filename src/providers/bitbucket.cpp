// Bitbucket Cloud: GET https://api.bitbucket.org/2.0/user with the token as a
// bearer. The scopes arrive in headers on any answer, even the 403 an access
// token gets there (more-providers.md):
//   x-oauth-scopes: repository:write, pullrequest   (comma separated)
//   x-credential-type: repo_access_token | project_access_token | workspace_access_token
#include <array>
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
// Where each kind of access token is made, from `resource:` (workspace/repo,
// workspace/PROJECT_KEY or workspace). *Unverified* paths: one table to correct.
struct TokenPage {
  std::string_view credential_type;
  std::string_view label;
  std::string_view page;  // {resource} is the manifest's resource:
  std::string_view settings;  // where that page is, when resource: does not say
};
constexpr std::array<TokenPage, 3> kTokenPages{{
    {"repo_access_token", "repository access token", "https://bitbucket.org/{resource}/admin/access-tokens",
     "the repository's settings"},
    {"project_access_token", "project access token",
     "https://bitbucket.org/{workspace}/workspace/projects/{key}/settings/access-tokens", "the project's settings"},
    {"workspace_access_token", "workspace access token",
     "https://bitbucket.org/{workspace}/workspace/settings/access-tokens", "the workspace's settings"},
}};

const TokenPage* token_page_for(std::string_view credential_type) {
  for (const TokenPage& page : kTokenPages)
    if (page.credential_type == credential_type) return &page;
  return nullptr;
}

class BitbucketProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (response.status == 401) return *facts_for_failure_status(response);
    const auto scopes = response.header("x-oauth-scopes");
    if (!scopes) {
      if (auto failure = facts_for_failure_status(response)) return *failure;
      TokenFacts facts;
      facts.unverifiable_reason = "Bitbucket sent no x-oauth-scopes header with this answer";
      return facts;
    }
    TokenFacts facts;
    facts.scopes_listed = true;
    facts.granted = util::split_scope_list(*scopes);
    facts.token_kind = response.header("x-credential-type").value_or("");
    if (response.status == 200) facts.account = account_of(response.body);
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/2.0/user", error);
  }

 private:
  static std::optional<std::string> account_of(std::string_view body) {
    boost::json::value root;
    std::string error;
    if (!parse_json_body(body, &root, &error)) return std::nullopt;
    auto name = string_at(root, "/username");
    return name ? name : string_at(root, "/display_name");
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace bitbucket {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<BitbucketProvider>();
}

const scope::VocabularyData& vocabulary() {
  // support.atlassian.com, "Bitbucket Cloud OAuth scopes" (*unverified in detail*).
  static const scope::VocabularyData data{
      "",
      false,
      {
          {"repository:write", {"repository"}},
          {"pullrequest:write", {"pullrequest", "repository:write"}},
          {"pullrequest", {"repository"}},
          {"pipeline:variable", {"pipeline:write"}},
          {"pipeline:write", {"pipeline"}},
          {"project", {"repository"}},
          {"issue:write", {"issue"}},
          {"snippet:write", {"snippet"}},
          {"account:write", {"account"}},
      },
      {
          {"repository", ""}, {"repository:write", ""}, {"repository:admin", ""}, {"repository:delete", ""},
          {"pullrequest", ""}, {"pullrequest:write", ""}, {"pipeline", ""}, {"pipeline:write", ""},
          {"pipeline:variable", ""}, {"project", ""}, {"project:admin", ""}, {"issue", ""},
          {"issue:write", ""}, {"wiki", ""}, {"webhook", ""}, {"snippet", ""}, {"snippet:write", ""},
          {"account", ""}, {"account:write", ""}, {"email", ""}, {"runner", ""}, {"runner:write", ""},
      },
      {},
      false,
      "Bitbucket",
  };
  return data;
}

// The kind's page with {resource}, {workspace} and {key} filled from
// resource: ("acme/web", "acme/PROJ" or "acme").
std::string page_for(const TokenPage& kind, const std::string& resource) {
  const auto slash = resource.find('/');
  const std::string workspace = resource.substr(0, slash);
  const std::string rest = slash == std::string::npos ? "" : resource.substr(slash + 1);
  std::string page;
  for (std::size_t at = 0; at < kind.page.size();) {
    const auto open = kind.page.find('{', at);
    page += kind.page.substr(at, open - at);
    if (open == std::string_view::npos) break;
    const auto close = kind.page.find('}', open);
    const std::string_view name = kind.page.substr(open + 1, close - open - 1);
    page += name == "resource" ? resource : name == "workspace" ? workspace : rest;
    at = close + 1;
  }
  return page;
}

// Access tokens cannot gain scopes: the fix is a new token of the same
// kind, on the page for the resource it belongs to.
std::string fix(const FixRequest& request) {
  const TokenPage* kind = token_page_for(request.facts.token_kind);
  std::string text = "create a " + std::string(kind ? kind->label : "token") + " with " + missing_in_prose(request);
  const std::string resource(request.spec.resource ? request.spec.resource->value : "");
  const bool named = !resource.empty() && resource.find("${") == std::string::npos;
  if (kind && named) text += " at " + page_for(*kind, resource);
  else if (kind) text += " under Access tokens in " + std::string(kind->settings);
  else if (!request.token_page.empty()) text += " at " + std::string(request.token_page);
  return text + " (Bitbucket cannot add scopes to an existing token" +
         (kind && !named ? "; resource: WORKSPACE/REPO gives the page's link)" : ")");
}

// 403 {"type": "error", "error": {"message": "...", "detail": {"required": ["pullrequest:write"], ...}}}
std::string error_body_hint(const boost::json::value& body) {
  std::vector<std::string> required;
  std::string error;
  if (!string_list_at(body, "/error/detail/required", "", &required, &error) || required.empty()) return {};
  return "the provider says it needs " + util::join(required, ", ");
}

// `scopegate init --preset bitbucket`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  bitbucket:
    preset: bitbucket
    token_env: BITBUCKET_ACCESS_TOKEN
    resource: my-workspace/my-repo    # where a new access token is made, for the fix link

features:
  comment:
    description: Comment on the pull request
    requires: [pullrequest:write]
  variables:
    description: Set deployment variables
    requires: [pipeline:variable]
)";
}  // namespace bitbucket

const PresetInfo& bitbucket_preset() {
  static const PresetInfo row{
      .name = "bitbucket",
      .summary = "Bitbucket Cloud access tokens (GET /2.0/user, x-oauth-scopes)",
      .default_base_url = "https://api.bitbucket.org",
      .default_token_env = "BITBUCKET_ACCESS_TOKEN",
      .default_token_page = "https://bitbucket.org/account/settings/",
      .fix_template = "create a token with {scopes}[ at {page}] (Bitbucket cannot add scopes to an existing token)",
      .own_keys = {"resource"},
      .vocabulary = &bitbucket::vocabulary,
      .create = &bitbucket::create,
      .starter_manifest = bitbucket::kStarterManifest,
      .error_body_hint = &bitbucket::error_body_hint,
      .fix_writer = &bitbucket::fix,
  };
  return row;
}

}  // namespace scopegate::providers
