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

// The parts of the preset's table row, named for the field each fills.
namespace github {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<GithubProvider>();
}

const scope::VocabularyData& vocabulary() {
  // "Scopes for OAuth apps": a scope includes the ones listed after it.
  static const scope::VocabularyData data{
      "",
      false,
      {
          {"repo", {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"}},
          {"admin:org", {"write:org", "manage_runners:org"}},
          {"write:org", {"read:org"}},
          {"admin:repo_hook", {"write:repo_hook"}},
          {"write:repo_hook", {"read:repo_hook"}},
          {"admin:public_key", {"write:public_key"}},
          {"write:public_key", {"read:public_key"}},
          {"admin:gpg_key", {"write:gpg_key"}},
          {"write:gpg_key", {"read:gpg_key"}},
          {"admin:ssh_signing_key", {"write:ssh_signing_key"}},
          {"write:ssh_signing_key", {"read:ssh_signing_key"}},
          {"user", {"read:user", "user:email", "user:follow"}},
          {"write:packages", {"read:packages"}},
          {"project", {"read:project"}},
          {"write:discussion", {"read:discussion"}},
          {"admin:enterprise",
           {"manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise", "scim:enterprise"}},
          {"audit_log", {"read:audit_log"}},
          // Unverified (from GitHub's token page, not providers.md): correct here.
          {"codespace", {"codespace:secrets"}},
          {"write:network_configurations", {"read:network_configurations"}},
      },
      {
          {"repo", ""}, {"repo:status", ""}, {"repo_deployment", ""}, {"public_repo", ""},
          {"repo:invite", ""}, {"security_events", ""}, {"admin:repo_hook", ""},
          {"write:repo_hook", ""}, {"read:repo_hook", ""}, {"admin:org", ""}, {"write:org", ""},
          {"read:org", ""}, {"admin:public_key", ""}, {"write:public_key", ""},
          {"read:public_key", ""}, {"admin:org_hook", ""}, {"gist", ""}, {"notifications", ""},
          {"user", ""}, {"read:user", ""}, {"user:email", ""}, {"user:follow", ""},
          {"project", ""}, {"read:project", ""}, {"delete_repo", ""}, {"write:packages", ""},
          {"read:packages", ""}, {"delete:packages", ""}, {"admin:gpg_key", ""},
          {"write:gpg_key", ""}, {"read:gpg_key", ""}, {"admin:ssh_signing_key", ""},
          {"write:ssh_signing_key", ""}, {"read:ssh_signing_key", ""}, {"codespace", ""},
          {"workflow", ""}, {"write:discussion", ""}, {"read:discussion", ""},
          {"admin:enterprise", ""}, {"manage_runners:enterprise", ""},
          {"manage_billing:enterprise", ""}, {"read:enterprise", ""}, {"audit_log", ""},
          {"read:audit_log", ""}, {"copilot", ""}, {"manage_billing:copilot", ""},
          // Unverified (from GitHub's token page, not providers.md): correct here.
          {"manage_runners:org", ""}, {"scim:enterprise", ""}, {"codespace:secrets", ""},
          {"write:network_configurations", ""}, {"read:network_configurations", ""},
      },
      {},
      true,  // classic scopes are a fixed set; fine-grained permissions are not scopes
      "GitHub classic",
  };
  return data;
}

// `scopegate init --preset github`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  github:
    preset: github
    token_env: GH_TOKEN              # a classic token lists its scopes; fine-grained ones cannot
    # base_url: https://github.example.com/api/v3   # GitHub Enterprise Server

features:
  clone-private:
    description: Clone private repositories
    requires: [repo]
  publish-package:
    description: Publish to GitHub Packages
    requires: [write:packages]
  read-teams:
    description: Read team membership for CODEOWNERS checks
    requires:
      any: [read:org, admin:org]
)";
}  // namespace github

const PresetInfo& github_preset() {
  static const PresetInfo row{
      .name = "github",
      .summary = "GitHub tokens (GET /user, X-OAuth-Scopes)",
      .default_base_url = "https://api.github.com",
      .default_token_env = "GITHUB_TOKEN",
      .default_token_page = "https://github.com/settings/tokens",
      .fix_template = "add {scopes} to the token[ at {page}] (gh CLI: gh auth refresh -s {scopes_comma})",
      .vocabulary = &github::vocabulary,
      .create = &github::create,
      .starter_manifest = github::kStarterManifest,
  };
  return row;
}

}  // namespace scopegate::providers
