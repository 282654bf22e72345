// Scope vocabularies as data. Sources: ../shared/spec/providers.md, which
// quotes each provider's public documentation. Change a provider's facts here
// and nowhere else.
#include "scope/presets.h"

namespace scopegate::scope {

const VocabularyData& sonar_vocabulary() {
  // The catalog GET /api/sdk/v1/scopes-allowed/all answers, as shipped today.
  static const VocabularyData data{
      ":",
      false,
      {},
      {
          {"documents:signed:read", "Documents / Signed / Read"},
          {"documents:signed:upload", "Documents / Signed / Upload"},
          {"documents:signed:update", "Documents / Signed / Update"},
          {"documents:signed:export", "Documents / Signed / Export"},
          {"documents:signed:delete", "Documents / Signed / Delete"},
          {"documents:generated:read", "Documents / Generated / Read"},
          {"documents:generated:upload", "Documents / Generated / Upload"},
          {"documents:generated:update", "Documents / Generated / Update"},
          {"documents:generated:export", "Documents / Generated / Export"},
          {"documents:generated:delete", "Documents / Generated / Delete"},
          {"documents:uploaded:read", "Documents / Uploaded / Read"},
          {"documents:uploaded:upload", "Documents / Uploaded / Upload"},
          {"documents:uploaded:update", "Documents / Uploaded / Update"},
          {"documents:uploaded:export", "Documents / Uploaded / Export"},
          {"documents:uploaded:delete", "Documents / Uploaded / Delete"},
      },
      {},
      false,  // the live catalog may have more; scopegate asks it when a name is unknown
      "Sonar",
  };
  return data;
}

const VocabularyData& socket_vocabulary() {
  // Scope names are group:action; a bare group grants every group:* action.
  static const VocabularyData data{
      ":",
      true,
      {},
      {},
      {"alerts", "alert-resolution", "api-tokens", "audit-log", "dependencies", "diff-scans",
       "entitlements", "fixes", "full-scans", "historical", "integration", "license-policy",
       "packages", "report", "repo", "repo-label", "security-policy", "socket-basics",
       "telemetry-policy", "threat-feed", "triage", "uploaded-artifacts", "webhooks"},
      false,  // Socket adds groups; this list may lag
      "Socket",
  };
  return data;
}

const VocabularyData& github_vocabulary() {
  // "Scopes for OAuth apps": a scope includes the ones listed after it.
  static const VocabularyData data{
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

const VocabularyData& gitlab_vocabulary() {
  // Personal access token scopes.
  static const VocabularyData data{
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

const VocabularyData& open_vocabulary() {
  static const VocabularyData data{};
  return data;
}

}  // namespace scopegate::scope
