#pragma once
// The requests the presets send, as FakeTransport keys ("METHOD URL"), for
// the manifests and rigs the tests share (base_url https://session.sonar.de/acme,
// Socket org acme).
namespace scopegate::testing {

inline constexpr const char* kSonarScopes = "GET https://session.sonar.de/acme/api/sdk/v1/scopes-allowed";
inline constexpr const char* kSonarCatalog = "GET https://session.sonar.de/acme/api/sdk/v1/scopes-allowed/all";
inline constexpr const char* kGitlabSelf = "GET https://gitlab.com/api/v4/personal_access_tokens/self";
inline constexpr const char* kQuota = "GET https://api.socket.dev/v0/quota";
inline constexpr const char* kOrganizations = "GET https://api.socket.dev/v0/organizations";
inline constexpr const char* kBasics = "GET https://api.socket.dev/v0/orgs/acme/settings/socket-basics";
inline constexpr const char* kScanList = "GET https://api.socket.dev/v0/orgs/acme/full-scans?per_page=1";
inline constexpr const char* kRepos = "GET https://api.socket.dev/v0/orgs/acme/repos?per_page=1";
inline constexpr const char* kScanCreate = "POST https://api.socket.dev/v0/orgs/acme/full-scans";

}  // namespace scopegate::testing
