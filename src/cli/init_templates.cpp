// Starter manifests for `scopegate init --preset NAME`, one per preset.
// Each must pass `scopegate lint` with no warning (tests/test_cli_init.cpp).
#include "cli/init_templates.h"

#include <algorithm>

namespace scopegate::cli {

namespace {
constexpr std::string_view kHeader =
    "# scopegate manifest: which API scopes each step of this pipeline needs.\n"
    "# Check it with `scopegate lint`, then `scopegate check` before the steps run.\n"
    "# Reference: \"Manifest reference\" in scopegate's README.\n"
    "version: 1\n\n";

const std::vector<InitTemplate>& templates() {
  static const std::vector<InitTemplate> table{
      {"sonar", R"(providers:
  sonar:
    preset: sonar
    # Your instance; ${VAR} is read from the environment, ${VAR:-default} has a fallback.
    base_url: https://session.sonar.de/${SONAR_INSTANCE:-my-instance}
    token_env: SONAR_API_KEY          # the variable that holds the key (never the key itself)
    token_page: https://session.sonar.de/${SONAR_INSTANCE:-my-instance}/settings/api-keys

features:
  read-signed:
    description: Read signed documents
    requires: [documents:signed:read]
  export:
    description: Export documents for the archive
    requires:
      all: [documents:signed:export]
      any: [documents:generated:read, documents:uploaded:read]   # at least one of these
    hint: Ask an organisation admin to add the export scope to the CI key.
  nightly-cleanup:
    description: Delete expired uploads (nightly job only)
    requires: [documents:uploaded:delete]
    when: { env: NIGHTLY }           # checked only when NIGHTLY is set and non-empty
    optional: true                   # a miss warns, never fails
)"},
      {"socket", R"(providers:
  socket:
    preset: socket
    token_env: SOCKET_SECURITY_API_KEY
    org: ${SOCKET_ORG:-my-org}       # the organisation slug the probes ask about

features:
  dashboard-config:
    description: Load the Socket Basics configuration from the dashboard
    requires: [socket-basics:read]
    when: { env_unset: SOCKET_BASICS_CONFIG }   # not needed with a JSON config file
    hint: In the Socket dashboard, Settings > API Tokens, give the token the socket-basics scope.
  submit-results:
    description: Submit scan results as a full scan
    requires: [full-scans:create]
    hint: In the Socket dashboard, Settings > API Tokens, give the token the full-scans scope.
)"},
      {"github", R"(providers:
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
)"},
      {"gitlab", R"(providers:
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
)"},
      {"slack", R"(providers:
  slack:
    preset: slack
    token_env: SLACK_BOT_TOKEN

features:
  notify:
    description: Post the release notes
    requires: [chat:write]
  find-channel:
    description: Look up the release channel by name
    requires:
      any: [channels:read, groups:read]
)"},
      {"oauth2", R"(providers:
  idp:
    preset: oauth2
    introspection_url: https://auth.example.com/oauth2/introspect
    client_id_env: INTROSPECTION_CLIENT_ID          # the caller of the introspection endpoint
    client_secret_env: INTROSPECTION_CLIENT_SECRET
    token_env: API_ACCESS_TOKEN                     # the token being checked

features:
  read-orders:
    description: Read orders
    requires: [orders:read]
  refund:
    description: Issue refunds
    requires: [orders:write, payments:refund]
)"},
      {"jwt", R"(providers:
  api:
    preset: jwt                      # reads the token's scope, scp, permissions, roles and exp claims; sends nothing
    token_env: API_ACCESS_TOKEN
    # scope_claims: [/realm_access/roles]   # other claims that carry scopes (names or JSON pointers)

features:
  read-orders:
    description: Read orders
    requires: [orders.read]
  manage-orders:
    description: Change orders
    requires: [orders.write]
)"},
      {"generic", R"(providers:
  billing:
    preset: generic
    request:
      method: GET
      url: https://billing.example.com/v1/token/info
      headers:
        Authorization: Bearer ${TOKEN}   # ${TOKEN} is the token; it is sent only here
    token_env: BILLING_API_TOKEN
    scopes: /scopes                  # a JSON pointer into the answer, or header:NAME
    split: none                      # none (a JSON array), space or comma
    key_name: /name
    wildcards: ":"                   # invoices:* covers invoices:read
    implies:
      admin: [invoices:*, customers:*]

features:
  read-invoices:
    description: Download invoices
    requires: [invoices:read]
  update-customers:
    description: Sync customer records
    requires: [customers:write]
)"},
  };
  return table;
}
}  // namespace

const InitTemplate* find_template(std::string_view preset) {
  const auto& table = templates();
  const auto found = std::find_if(table.begin(), table.end(), [&](const InitTemplate& t) { return t.preset == preset; });
  return found == table.end() ? nullptr : &*found;
}

std::string starter_manifest(const InitTemplate& entry) {
  return std::string(kHeader) + std::string(entry.body);
}

}  // namespace scopegate::cli
