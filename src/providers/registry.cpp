// The explicit preset table: adding a provider means adding one row here.
#include <algorithm>

#include "providers/presets.h"
#include "providers/provider.h"
#include "scope/presets.h"

namespace scopegate::providers {

const std::vector<PresetInfo>& preset_table() {
  static const std::vector<PresetInfo> table{
      {"sonar", "Sonar API keys (GET /api/sdk/v1/scopes-allowed)", "", "SONAR_API_KEY",
       "{base}/settings/api-keys", "add {scopes} to {key}[ at {page}]", {}, true, true, true,
       &scope::sonar_vocabulary, &create_sonar, true},
      {"socket", "Socket API tokens (probes; no scope listing)", "https://api.socket.dev",
       "SOCKET_SECURITY_API_KEY", "https://socket.dev/dashboard/org/{org}/settings/api-tokens",
       "add {scopes} to the API token in the Socket dashboard (Settings > API Tokens)[ at {page}]",
       {"org"}, false, true, false, &scope::socket_vocabulary, &create_socket, false},
      {"github", "GitHub tokens (GET /user, X-OAuth-Scopes)", "https://api.github.com",
       "GITHUB_TOKEN", "https://github.com/settings/tokens",
       "add {scopes} to the token[ at {page}] (gh CLI: gh auth refresh -s {scopes_comma})", {},
       false, true, false, &scope::github_vocabulary, &create_github, false},
      {"gitlab", "GitLab personal access tokens (GET /api/v4/personal_access_tokens/self)",
       "https://gitlab.com", "GITLAB_TOKEN", "{base}/-/user_settings/personal_access_tokens",
       "create a token with {scopes}[ at {page}] (GitLab cannot add scopes to an existing token)",
       {}, false, true, false, &scope::gitlab_vocabulary, &create_gitlab, false},
      {"slack", "Slack tokens (POST /api/auth.test, x-oauth-scopes)", "https://slack.com",
       "SLACK_TOKEN", "https://api.slack.com/apps",
       "add {scopes} under OAuth & Permissions[ at {page}], then reinstall the app", {}, false,
       true, false, &scope::open_vocabulary, &create_slack, false},
      {"oauth2", "OAuth 2.0 token introspection (RFC 7662)", "", "", "",
       "ask the authorization server for a token that carries {scopes} in its {claims}[ ({page})]",
       {"introspection_url", "client_id_env", "client_secret_env", "scope_claims"}, false, true, false,
       &scope::open_vocabulary, &create_oauth2, false},
      {"jwt", "JWT access tokens (scope, scp, permissions, roles claims, read locally)", "", "", "",
       "issue a token that carries {scopes} in its {claims}[ ({page})]", {"scope_claims"}, false, false, false,
       &scope::open_vocabulary, &create_jwt, false},
      {"generic", "any HTTP API (request, JSON pointer or header, probes)", "", "", "",
       "grant {scopes} to the token[ at {page}]",
       {"request", "scopes", "split", "key_name", "key_prefix", "expires_at"}, false, true, false,
       &scope::open_vocabulary, &create_generic, true},  // with key_prefix:
  };
  return table;
}

const PresetInfo* find_preset(std::string_view name) {
  const auto& table = preset_table();
  const auto found = std::find_if(table.begin(), table.end(),
                                  [&](const PresetInfo& preset) { return preset.name == name; });
  return found == table.end() ? nullptr : &*found;
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const PresetInfo& preset : preset_table()) names.emplace_back(preset.name);
  return names;
}

scope::Vocabulary build_vocabulary(const PresetInfo& preset, const manifest::ProviderSpec& spec) {
  scope::Vocabulary vocabulary(preset.vocabulary());
  if (spec.wildcards) vocabulary.set_wildcard_separator(spec.wildcards->value);
  for (const manifest::Implication& implication : spec.implies)
    for (const manifest::Text& included : implication.includes)
      vocabulary.add_implication(implication.scope.value, included.value);
  return vocabulary;
}

}  // namespace scopegate::providers
