// GitHub's tokens as data: the tables of github_tokens.h and the names read from them.
#include "providers/github_tokens.h"

#include <algorithm>
#include <cctype>
#include <deque>

#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers::github {

namespace {
const PermissionRow* find_permission_row(std::string_view name) {
  for (const PermissionRow& row : kPermissions)
    if (row.name == name) return &row;
  return nullptr;
}
}  // namespace

const std::vector<PermissionRow> kPermissions{
    {"actions", "read", "write", Reach::kRepository, true},
    {"administration", "read", "write"},
    {"attestations", "read", "write"},
    {"checks", "read", "write", Reach::kRepository, true, kApp | kWorkflowToken},  // the Checks API is for Apps
    {"codespaces", "read", "write"},
    {"contents", "read", "write", Reach::kRepository, true},
    {"custom_properties", "read", "write"},
    {"dependabot_secrets", "read", "write"},
    {"deployments", "read", "write", Reach::kRepository, true},
    {"discussions", "read", "write", Reach::kRepository, true},
    {"environments", "read", "write"},
    {"id_token", "write", "write", Reach::kRepository, false, kWorkflowToken},  // lets a job request an OIDC token
    {"issues", "read", "write", Reach::kRepository, true},
    {"merge_queues", "read", "write"},
    {"metadata", "read", "read", Reach::kRepository, true},
    {"models", "read", "read", Reach::kRepository, false, kWorkflowToken},  // unverified: workflows' `models: read`
    {"packages", "read", "write"},
    {"pages", "read", "write"},
    {"pull_requests", "read", "write", Reach::kRepository, true},
    {"repository_hooks", "read", "write"},
    {"repository_projects", "read", "admin"},  // unverified: admin level
    {"secret_scanning_alerts", "read", "write"},
    {"secrets", "read", "write"},
    {"security_events", "read", "write"},
    {"statuses", "read", "write", Reach::kRepository, true},
    {"variables", "read", "write"},
    {"vulnerability_alerts", "read", "write"},
    {"workflows", "write", "write"},
    {"members", "read", "write", Reach::kOrganization},
    {"organization_administration", "read", "write", Reach::kOrganization},
    {"organization_hooks", "read", "write", Reach::kOrganization},
    {"organization_packages", "read", "write", Reach::kOrganization},
    {"organization_projects", "read", "admin", Reach::kOrganization},  // unverified: admin level
    {"organization_secrets", "read", "write", Reach::kOrganization},
    {"organization_variables", "read", "write", Reach::kOrganization},
    {"email_addresses", "read", "write", Reach::kAccount},
    {"followers", "read", "write", Reach::kAccount},
    {"git_ssh_keys", "read", "write", Reach::kAccount},
    {"gpg_keys", "read", "write", Reach::kAccount},
    {"profile", "read", "write", Reach::kAccount},
    {"starring", "read", "write", Reach::kAccount},
    {"watching", "read", "write", Reach::kAccount},
};


const std::vector<Equivalence> kEquivalences{
    {"repo:status", "statuses:write"},
    {"repo_deployment", "deployments:write"},
    {"security_events", "security_events:write"},
    {"workflow", "workflows:write"},
    {"read:packages", "packages:read"},
    {"write:packages", "packages:write"},
    {"read:org", "members:read"},
    {"write:org", "members:write", false, true},                          // unverified
    {"admin:org", "organization_administration:write", false, true},      // unverified
    {"read:repo_hook", "repository_hooks:read", false, true},             // unverified
    {"write:repo_hook", "repository_hooks:write", false, true},           // unverified
    {"admin:org_hook", "organization_hooks:write", false, true},          // unverified
    {"user:email", "email_addresses:read", false, true},                  // unverified
    {"user:follow", "followers:write", false, true},                      // unverified
    {"read:public_key", "git_ssh_keys:read", false, true},                // unverified
    {"write:public_key", "git_ssh_keys:write", false, true},              // unverified
    {"read:gpg_key", "gpg_keys:read", false, true},                       // unverified
    {"write:gpg_key", "gpg_keys:write", false, true},                     // unverified
    {"public_repo", "metadata:read", true},
    {"public_repo", "contents:write", true},
    {"public_repo", "issues:write", true},
    {"public_repo", "pull_requests:write", true},
    {"public_repo", "statuses:write", true},
    {"public_repo", "deployments:write", true},
    {"repo", "metadata:read"},
    {"repo", "contents:write"},
    {"repo", "issues:write"},
    {"repo", "pull_requests:write"},
    {"repo", "statuses:write"},
    {"repo", "deployments:write"},
    {"repo", "actions:write", false, true},         // unverified
    {"repo", "administration:write", false, true},  // unverified
    {"repo", "environments:write", false, true},    // unverified
    {"repo", "pages:write", false, true},           // unverified
    {"repo", "secrets:write", false, true},         // unverified
    {"repo", "variables:write", false, true},       // unverified
};



const std::vector<ProbeRow> kReadProbes{
    {"metadata:read", "GET", kRepositoryPath, {200}},
    // 409: an empty repository has no commits, which still proves the read.
    {"contents:read", "GET", "/repos/{repo}/commits?per_page=1", {200, 409}},
    {"issues:read", "GET", "/repos/{repo}/issues?per_page=1", {200}},
    {"pull_requests:read", "GET", "/repos/{repo}/pulls?per_page=1", {200}},
    {"actions:read", "GET", "/repos/{repo}/actions/artifacts?per_page=1", {200}},
    {"deployments:read", "GET", "/repos/{repo}/deployments?per_page=1", {200}},
    {"environments:read", "GET", "/repos/{repo}/environments", {200}},
    {"secrets:read", "GET", "/repos/{repo}/actions/secrets", {200}},
    {"variables:read", "GET", "/repos/{repo}/actions/variables", {200}},
    {"repository_hooks:read", "GET", "/repos/{repo}/hooks", {200}},
    {"administration:read", "GET", "/repos/{repo}/actions/permissions", {200}},
    // 404 when Pages is off: proves nothing either way.
    {"pages:read", "GET", "/repos/{repo}/pages", {200}},
    {"statuses:read", "GET", "/repos/{repo}/commits/HEAD/statuses?per_page=1", {200}},
    {"checks:read", "GET", "/repos/{repo}/commits/HEAD/check-runs?per_page=1", {200}},
    {"security_events:read", "GET", "/repos/{repo}/code-scanning/alerts?per_page=1", {200}},
};

const std::vector<ProbeRow> kWriteProbes{
    {"pull_requests:write", "POST", "/repos/{repo}/pulls", {422}, "{}"},
    {"issues:write", "PATCH", "/repos/{repo}/labels/{none}", {404, 422}, "{}"},
    {"statuses:write", "POST", "/repos/{repo}/statuses/0000000000000000000000000000000000000000", {422}, "{}"},
    {"deployments:write", "POST", "/repos/{repo}/deployments", {422}, "{}"},
    {"actions:write", "POST", "/repos/{repo}/actions/workflows/{none}/dispatches", {404, 422}, "{}"},
    {"secrets:write", "PUT", "/repos/{repo}/actions/secrets/{none}", {422}, "{}"},
    {"variables:write", "PATCH", "/repos/{repo}/actions/variables/{none}", {404, 422}, "{}"},
    {"repository_hooks:write", "PATCH", "/repos/{repo}/hooks/4294967289", {404, 422}, "{}"},
};

// What no request can prove without changing something.
const std::vector<std::string_view> kUnprovable{"contents:write", "workflows:write"};


int level_rank(std::string_view level) {
  if (level == "read") return 1;
  if (level == "write") return 2;
  if (level == "admin") return 3;
  return 0;
}



std::optional<Permission> parse_permission(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const PermissionRow* row = find_permission_row(text.substr(0, colon));
  const std::string_view level = text.substr(colon + 1);
  if (!row || level_rank(level) < level_rank(row->lowest) || level_rank(level) > level_rank(row->highest))
    return std::nullopt;
  return Permission{row, level};
}

bool is_permission(std::string_view text) { return parse_permission(text).has_value(); }

// Whether holding `held` gives `wanted` (same permission, at least the level).
bool level_covers(std::string_view held, std::string_view wanted) {
  const auto a = parse_permission(held), b = parse_permission(wanted);
  return a && b && a->row == b->row && level_rank(a->level) >= level_rank(b->level);
}

// The classic scopes' implications ("Scopes for OAuth apps"): a scope
// includes the ones listed after it.
const std::vector<scope::ImpliesRow> kClassicImplications{
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
    {"admin:enterprise", {"manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise", "scim:enterprise"}},
    {"audit_log", {"read:audit_log"}},
    // Unverified (from GitHub's token page, not providers.md): correct here.
    {"codespace", {"codespace:secrets"}},
    {"write:network_configurations", {"read:network_configurations"}},
};

const std::vector<std::string_view> kClassicScopes{
    "repo", "repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events", "admin:repo_hook",
    "write:repo_hook", "read:repo_hook", "admin:org", "write:org", "read:org", "admin:public_key", "write:public_key",
    "read:public_key", "admin:org_hook", "gist", "notifications", "user", "read:user", "user:email", "user:follow",
    "project", "read:project", "delete_repo", "write:packages", "read:packages", "delete:packages", "admin:gpg_key",
    "write:gpg_key", "read:gpg_key", "admin:ssh_signing_key", "write:ssh_signing_key", "read:ssh_signing_key",
    "codespace", "workflow", "write:discussion", "read:discussion", "admin:enterprise", "manage_runners:enterprise",
    "manage_billing:enterprise", "read:enterprise", "audit_log", "read:audit_log", "copilot", "manage_billing:copilot",
    // Unverified (from GitHub's token page, not providers.md): correct here.
    "manage_runners:org", "scim:enterprise", "codespace:secrets", "write:network_configurations",
    "read:network_configurations"};

// The classic scopes `granted` holds, with every scope they include.
std::set<std::string> classic_closure(const std::vector<std::string>& granted) {
  std::set<std::string> held;
  std::vector<std::string> todo(granted.begin(), granted.end());
  while (!todo.empty()) {
    std::string scope = std::move(todo.back());
    todo.pop_back();
    if (!held.insert(scope).second) continue;
    for (const scope::ImpliesRow& row : kClassicImplications)
      if (row.scope == scope)
        for (std::string_view included : row.includes) todo.emplace_back(included);
  }
  return held;
}

bool is_classic_scope(std::string_view name) {
  return std::find(kClassicScopes.begin(), kClassicScopes.end(), name) != kClassicScopes.end();
}

// The fine-grained permissions a classic scope stands for (its documented
// equivalences, on any repository): what a fine-grained token must hold to
// do what the scope allows.
std::vector<std::string> permissions_of_classic(std::string_view classic) {
  std::vector<std::string> permissions;
  for (const Equivalence& row : kEquivalences)
    if (row.classic == classic && !row.public_only) permissions.emplace_back(row.permission);
  return permissions;
}

// The narrowest classic scope that covers `permission` on any repository; "" when none does.
std::string_view classic_for(std::string_view permission) {
  for (const Equivalence& row : kEquivalences)
    if (!row.public_only && level_covers(row.permission, permission)) return row.classic;
  return {};
}

std::vector<std::string> documented_permissions_of(std::string_view classic) {
  std::vector<std::string> permissions;
  for (const Equivalence& row : kEquivalences)
    if (row.classic == classic && !row.public_only && !row.unverified) permissions.emplace_back(row.permission);
  return permissions;
}

unsigned holders_of(std::string_view permission) {
  const auto parsed = parse_permission(permission);
  return parsed ? parsed->row->holders : kEveryToken;
}

std::string describe_holders(unsigned holders) {
  std::vector<std::string> who;
  if (holders & kFineGrainedPat) who.emplace_back("fine-grained personal access tokens");
  if (holders & kApp) who.emplace_back("GitHub Apps");
  if (holders & kWorkflowToken) who.emplace_back("the workflow's GITHUB_TOKEN");
  if (who.size() <= 1) return who.empty() ? std::string("no token") : who.front();
  const std::string last = who.back();
  who.pop_back();
  return util::join(who, ", ") + " and " + last;
}

const std::vector<KindRow> kKinds{
    {Kind::kClassic, "ghp_", "classic", "a classic personal access token"},
    {Kind::kOAuth, "gho_", "oauth", "an OAuth app token"},
    {Kind::kFineGrained, "github_pat_", "fine-grained", "a fine-grained personal access token"},
    {Kind::kAppUser, "ghu_", "app-user", "a GitHub App user token"},
    {Kind::kInstallation, "ghs_", "installation", "a GitHub App installation token"},
    {Kind::kWorkflow, "", "workflow", "the workflow's GITHUB_TOKEN"},
    {Kind::kForkWorkflow, "", "workflow-fork", "the workflow's GITHUB_TOKEN on a pull request from a fork"},
    {Kind::kUnknown, "", "", "a token that lists no scopes (fine-grained, GitHub App or GITHUB_TOKEN)"},
};

const KindRow& kind_row(Kind kind) {
  for (const KindRow& row : kKinds)
    if (row.kind == kind) return row;
  return kKinds.back();
}

Kind kind_of_token(std::string_view token) {
  for (const KindRow& row : kKinds)
    if (!row.prefix.empty() && token.substr(0, row.prefix.size()) == row.prefix) return row.kind;
  return Kind::kUnknown;
}

Kind kind_named(std::string_view id) {
  for (const KindRow& row : kKinds)
    if (!id.empty() && row.id == id) return row.kind;
  return Kind::kUnknown;
}

// "Resource not accessible by integration" (an App or GITHUB_TOKEN) and
// "... by personal access token" (fine-grained) name the token's kind.
Kind kind_of_refusal(std::string_view body) {
  if (body.find("not accessible by integration") != std::string_view::npos) return Kind::kInstallation;
  if (body.find("not accessible by personal access token") != std::string_view::npos) return Kind::kFineGrained;
  return Kind::kUnknown;
}

bool lists_scopes(Kind kind) { return kind == Kind::kClassic || kind == Kind::kOAuth; }

// "owner/name" as GitHub allows them: an owner of letters, digits and
// hyphens, not at either end (at most 39), a name of letters, digits, '.', '-', '_' (at most
// 100), neither "." nor "..". Checked before it goes into a URL.
bool is_repository(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view owner = text.substr(0, slash), name = text.substr(slash + 1);
  const auto all_of = [](std::string_view part, std::string_view extra) {
    return std::all_of(part.begin(), part.end(), [&](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
    });
  };
  return !owner.empty() && owner.size() <= 39 && all_of(owner, "-") && owner.front() != '-' && owner.back() != '-' &&
         !name.empty() && name.size() <= 100 && all_of(name, ".-_") && name != "." && name != "..";
}

// A probe table path with {repo} ("owner/name", each part encoded) and
// {none} (a name that cannot exist) filled in.
std::string repository_path(std::string_view path, const std::string& repository) {
  const std::size_t slash = repository.find('/');
  const std::string repo =
      util::percent_encode(repository.substr(0, slash)) + "/" + util::percent_encode(repository.substr(slash + 1));
  std::string out;
  for (std::size_t at = 0; at < path.size();) {
    if (path.substr(at, 6) == "{repo}") {
      out += repo;
      at += 6;
    } else if (path.substr(at, 6) == "{none}") {
      out += kNoSuchName;
      at += 6;
    } else {
      out += path[at++];
    }
  }
  return out;
}

// The web host's address: https://github.com, or a GitHub Enterprise
// Server's own host (its API is at https://HOST/api/v3).
std::string web_base(std::string_view base_url) {
  std::string base(base_url.empty() ? "https://api.github.com" : base_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base == "https://api.github.com") return "https://github.com";
  const std::string api = "/api/v3";
  if (base.size() > api.size() && base.compare(base.size() - api.size(), api.size(), api) == 0)
    base.resize(base.size() - api.size());
  return base;
}

// Every permission at each of its levels, and the implications: a level
// includes the lower ones; a classic scope includes its implications and
// the permissions GitHub documents as equivalent (public_repo's hold on
// public repositories only, so they are decided per repository, not here).
const scope::VocabularyData& vocabulary_data() {
  static std::deque<std::string> names;  // stable storage for the views below
  static const scope::VocabularyData data = [] {
    scope::VocabularyData built{"", false, kClassicImplications, {}, {}, true, "GitHub"};
    for (std::string_view classic : kClassicScopes) built.known.push_back({classic, ""});
    for (const PermissionRow& row : kPermissions) {
      std::string_view lower;
      for (std::string_view level : {"read", "write", "admin"}) {
        if (level_rank(level) < level_rank(row.lowest) || level_rank(level) > level_rank(row.highest)) continue;
        const std::string_view name = names.emplace_back(std::string(row.name) + ":" + std::string(level));
        built.known.push_back({name, ""});
        if (!lower.empty()) built.implies.push_back({name, {lower}});
        // "metadata:read comes with every fine-grained grant that reaches a repository."
        else if (row.reach == Reach::kRepository && row.name != "metadata" && (row.holders & kFineGrainedPat))
          built.implies.push_back({name, {"metadata:read"}});
        lower = name;
      }
    }
    for (const Equivalence& row : kEquivalences)
      if (!row.public_only) built.implies.push_back({row.classic, {row.permission}});
    return built;
  }();
  return data;
}

}  // namespace scopegate::providers::github
