// GitHub, every kind of token (../shared/spec/github-tokens.md).
//
// A classic or OAuth token lists its scopes in X-OAuth-Scopes on GET /user.
// A fine-grained PAT, an App token or the workflow's GITHUB_TOKEN lists
// nothing: its permissions are proven per repository by the probe table
// (reads by a GET; writes, when allowed, by a request built to fail
// validation), or, for GITHUB_TOKEN, computed from the workflow file. Classic
// scopes and fine-grained permissions answer for each other through
// GitHub's documented equivalences, and every report says which one it used.
//
// Everything GitHub-specific that may need correcting is a table in this
// file: kPermissions, kEquivalences, kReadProbes, kWriteProbes.
#include <algorithm>
#include <cctype>
#include <boost/json/value.hpp>
#include <deque>
#include <set>

#include "net/retry.h"
#include "net/url.h"
#include "providers/github_workflow.h"
#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/redactor.h"
#include "util/strings.h"
#include "util/time.h"

namespace scopegate::providers {

namespace github {
namespace {

// ---------------------------------------------------------------- the data

// Where a permission applies: a fine-grained token holds repository
// permissions on its selected repositories only.
enum class Reach { kRepository, kOrganization, kAccount };

// A fine-grained permission: GitHub's API name (the word of
// X-Accepted-GitHub-Permissions and of an App's `permissions` object), its
// levels (read < write < admin; a level includes the lower ones), and where
// it applies. Source: "Permissions required for fine-grained personal access
// tokens" and "Choosing permissions for a GitHub App". Levels marked
// unverified are guesses from the token page: correct them here.
struct PermissionRow {
  std::string_view name;
  std::string_view lowest;   // "read", or "write" where no read level exists
  std::string_view highest;  // "read", "write" or "admin"
  Reach reach = Reach::kRepository;
};

const std::vector<PermissionRow> kPermissions{
    {"actions", "read", "write"},
    {"administration", "read", "write"},
    {"attestations", "read", "write"},
    {"checks", "read", "write"},
    {"codespaces", "read", "write"},
    {"contents", "read", "write"},
    {"custom_properties", "read", "write"},
    {"dependabot_secrets", "read", "write"},
    {"deployments", "read", "write"},
    {"discussions", "read", "write"},
    {"environments", "read", "write"},
    {"id_token", "write", "write"},  // workflows only: lets a job request an OIDC token
    {"issues", "read", "write"},
    {"merge_queues", "read", "write"},
    {"metadata", "read", "read"},
    {"models", "read", "read"},  // unverified: workflows' `models: read`
    {"packages", "read", "write"},
    {"pages", "read", "write"},
    {"pull_requests", "read", "write"},
    {"repository_hooks", "read", "write"},
    {"repository_projects", "read", "admin"},  // unverified: admin level
    {"secret_scanning_alerts", "read", "write"},
    {"secrets", "read", "write"},
    {"security_events", "read", "write"},
    {"statuses", "read", "write"},
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

// A classic scope that covers a fine-grained permission. Rows are read in
// order, so the narrowest scope that covers a permission comes first: that
// is the one advice names. `public_only`: the scope covers it on public
// repositories only. Documented (github-tokens.md) unless marked unverified
// (from the REST reference's "OAuth app tokens and personal access tokens
// (classic) need the ... scope" lines): correct them here.
struct Equivalence {
  std::string_view classic;
  std::string_view permission;
  bool public_only = false;
};

const std::vector<Equivalence> kEquivalences{
    {"repo:status", "statuses:write"},
    {"repo_deployment", "deployments:write"},
    {"security_events", "security_events:write"},
    {"workflow", "workflows:write"},
    {"read:packages", "packages:read"},
    {"write:packages", "packages:write"},
    {"read:org", "members:read"},
    {"write:org", "members:write"},                          // unverified
    {"admin:org", "organization_administration:write"},      // unverified
    {"read:repo_hook", "repository_hooks:read"},             // unverified
    {"write:repo_hook", "repository_hooks:write"},           // unverified
    {"admin:org_hook", "organization_hooks:write"},          // unverified
    {"user:email", "email_addresses:read"},                  // unverified
    {"user:follow", "followers:write"},                      // unverified
    {"read:public_key", "git_ssh_keys:read"},                // unverified
    {"write:public_key", "git_ssh_keys:write"},              // unverified
    {"read:gpg_key", "gpg_keys:read"},                       // unverified
    {"write:gpg_key", "gpg_keys:write"},                     // unverified
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
    {"repo", "actions:write"},         // unverified
    {"repo", "administration:write"},  // unverified
    {"repo", "environments:write"},    // unverified
    {"repo", "pages:write"},           // unverified
    {"repo", "secrets:write"},         // unverified
    {"repo", "variables:write"},       // unverified
};

// A request that proves one permission on {repo} ("owner/name", encoded).
// Reads: 200 held, 403 missing. Writes are built so they cannot succeed:
// GitHub authorises before it validates, so 403 is missing and a 404, 409
// or 422 is held (a 2xx is a loud error). Every row is unverified in detail
// (github-tokens.md, "Proving a permission with requests"): correct it here.
struct ProbeRow {
  std::string_view permission;
  std::string_view method;
  std::string_view path;
  std::vector<int> held;
  std::string_view body = "";
};

// The repository's own page: what every repository permission needs first.
constexpr std::string_view kRepositoryPath = "/repos/{repo}";
// Names that cannot exist, so a write to them fails validation.
constexpr std::string_view kNoSuchName = "scopegate-probe-does-not-exist";

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

// ------------------------------------------------------- names and levels

int level_rank(std::string_view level) {
  if (level == "read") return 1;
  if (level == "write") return 2;
  if (level == "admin") return 3;
  return 0;
}

// "contents:write" -> {"contents", "write"}; nullopt for a classic scope.
struct Permission {
  const PermissionRow* row = nullptr;
  std::string_view level;
};

const PermissionRow* find_permission_row(std::string_view name) {
  for (const PermissionRow& row : kPermissions)
    if (row.name == name) return &row;
  return nullptr;
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

// ------------------------------------------------------- the token's kind

enum class Kind { kUnknown, kClassic, kOAuth, kFineGrained, kAppUser, kInstallation, kWorkflow };

struct KindRow {
  Kind kind;
  std::string_view prefix;  // GitHub's token prefixes ("Behind GitHub's new authentication token formats")
  std::string_view id;      // TokenFacts::token_kind
  std::string_view described;
};

const std::vector<KindRow> kKinds{
    {Kind::kClassic, "ghp_", "classic", "a classic personal access token"},
    {Kind::kOAuth, "gho_", "oauth", "an OAuth app token"},
    {Kind::kFineGrained, "github_pat_", "fine-grained", "a fine-grained personal access token"},
    {Kind::kAppUser, "ghu_", "app-user", "a GitHub App user token"},
    {Kind::kInstallation, "ghs_", "installation", "a GitHub App installation token"},
    {Kind::kWorkflow, "", "workflow", "the workflow's GITHUB_TOKEN"},
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

// ------------------------------------------------------- the repository

// "owner/name" as GitHub allows them: an owner of letters, digits and
// hyphens (at most 39), a name of letters, digits, '.', '-', '_' (at most
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
  return !owner.empty() && owner.size() <= 39 && all_of(owner, "-") && !name.empty() && name.size() <= 100 &&
         all_of(name, ".-_") && name != "." && name != "..";
}

// The repository a provider checks: `repository:` (expanded), else
// $GITHUB_REPOSITORY (Actions sets it); "" with `problem` when none is usable.
std::string repository_of(const LiveContext& context, std::string* problem) {
  std::string value;
  std::string from;
  if (context.spec.repository) {
    value = context.repository;
    from = "repository: " + context.spec.repository->value;
  } else if (auto variable = context.environment.get("GITHUB_REPOSITORY"); variable && !variable->empty()) {
    value = *variable;
    from = "$GITHUB_REPOSITORY";
  }
  if (value.empty()) {
    *problem = "no repository is named (repository: owner/name, or $GITHUB_REPOSITORY in Actions), so no "
               "repository permission can be probed";
    return {};
  }
  if (!is_repository(value)) {
    *problem = from + " is " + util::quoted(util::neutralize(value)) + ", not owner/name";
    return {};
  }
  return value;
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

// ------------------------------------------------------- reading answers

constexpr const char* kNoScopeHeader =
    "GitHub lists scopes only for classic personal access tokens; this token sent no "
    "X-OAuth-Scopes header, so it is a fine-grained, GitHub App or GITHUB_TOKEN token whose "
    "permissions GitHub does not disclose";

void read_expiry_header(const net::HttpResponse& response, TokenFacts& facts) {
  const auto expiry = response.header("GitHub-Authentication-Token-Expiration");
  if (!expiry) return;
  facts.expiry_known = true;
  facts.expires_at = util::parse_timestamp(*expiry);
  if (!facts.expires_at) {
    facts.expiry_known = false;
    facts.notes.push_back("cannot read the token expiry \"" + *expiry + "\"");
  }
}

// A rate limit is GitHub's, not the token's: an error (exit 4), never "rejected".
// GitHub's 403 for a primary limit may come without headers through a
// proxy; its message still says so.
bool rate_limited(const net::HttpResponse& response) {
  return net::RetryPolicy::rate_limited(response) ||
         (response.status == 403 && response.body.find("rate limit") != std::string::npos);
}

TokenFacts read_user_answer(const net::HttpResponse& response) {
  if (rate_limited(response)) {
    const std::string said = error_message_of(response.body);
    return TokenFacts::failed("GitHub is limiting requests (HTTP " + std::to_string(response.status) +
                              (said.empty() ? "" : ": " + said) + "); try again after the limit resets");
  }
  if (auto failure = facts_for_failure_status(response)) return *failure;
  TokenFacts facts;
  if (const auto scopes = response.header("X-OAuth-Scopes")) {
    facts.scopes_listed = true;
    facts.granted = util::split_scope_list(*scopes);
    facts.expiry_known = true;  // a classic token without an expiry header never expires
    facts.token_kind = "classic";
  } else {
    facts.unverifiable_reason = kNoScopeHeader;
  }
  read_expiry_header(response, facts);
  boost::json::value root;
  std::string ignored;
  if (parse_json_body(response.body, &root, &ignored)) facts.account = string_at(root, "/login");
  return facts;
}

// ------------------------------------------------------- the live check

class GithubProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override { return read_user_answer(response); }

 protected:
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    Kind kind = kind_of_token(context.token);
    if (context.spec.workflow_token) co_return co_await ask_workflow_token(context, kind);
    TokenFacts facts;
    // An installation token cannot read /user (403); nothing there is needed.
    if (kind != Kind::kInstallation) {
      std::string error;
      auto request = user_request(context, &error);
      if (!request) co_return TokenFacts::failed(error);
      const net::HttpOutcome outcome = co_await send(context, std::move(*request));
      if (!outcome.response) co_return TokenFacts::failed(outcome.error);
      const Kind refused_as = outcome.response->status == 403 ? kind_of_refusal(outcome.response->body) : Kind::kUnknown;
      if (refused_as == Kind::kInstallation) {
        kind = Kind::kInstallation;
      } else {
        facts = interpret(*outcome.response);
        if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
      }
    }
    if (facts.scopes_listed) {
      if (kind != Kind::kOAuth) kind = Kind::kClassic;
      facts.token_kind = kind_row(kind).id;
      co_await answer_through_classic(context, facts);
      co_return facts;
    }
    if (lists_scopes(kind)) kind = Kind::kUnknown;  // a ghp_ token without the header: believe the answer
    facts.token_kind = kind_row(kind).id;
    facts.unverifiable_reason = std::string(kind_row(kind).described) + " does not list its permissions";
    co_await prove_permissions(context, kind, facts);
    co_return facts;
  }

 private:
  std::optional<net::HttpRequest> user_request(const LiveContext& context, std::string* error) const {
    auto request = make_request(context, "GET", "/user", error);
    if (request) request->headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    return request;
  }

  // A classic token's scopes answer the fine-grained names the manifest
  // uses, through the equivalences; each one used is said. public_repo
  // covers them on public repositories only, so the repository is read.
  boost::asio::awaitable<void> answer_through_classic(LiveContext& context, TokenFacts& facts) const {
    const std::set<std::string> held = classic_closure(facts.granted);
    std::vector<std::string> public_only;
    for (const std::string& wanted : context.wanted) {
      if (!is_permission(wanted)) continue;
      if (const std::string_view via = held_through(held, wanted, false); !via.empty()) {
        facts.notes.push_back(wanted + " is held through " + std::string(via) + " (GitHub documents " +
                              std::string(via) + " as covering it)");
      } else if (!held_through(held, wanted, true).empty()) {
        public_only.push_back(wanted);
      }
    }
    if (!public_only.empty()) co_await settle_public_repo(context, public_only, facts);
  }

  // The first classic scope of kEquivalences that `held` includes and that covers `wanted`.
  static std::string_view held_through(const std::set<std::string>& held, const std::string& wanted, bool public_only) {
    for (const Equivalence& row : kEquivalences)
      if (row.public_only == public_only && level_covers(row.permission, wanted) && held.count(std::string(row.classic)))
        return row.classic;
    return {};
  }

  boost::asio::awaitable<void> settle_public_repo(LiveContext& context, const std::vector<std::string>& wanted,
                                                  TokenFacts& facts) const {
    std::string problem;
    const std::string repository = repository_of(context, &problem);
    std::optional<bool> is_public;
    if (!repository.empty()) is_public = co_await repository_is_public(context, repository, &problem);
    facts.resource = repository;
    for (const std::string& permission : wanted) {
      if (is_public && *is_public) {
        facts.granted.push_back(permission);
        facts.notes.push_back(permission + " is held through public_repo (" + repository + " is public)");
      } else if (!is_public) {
        facts.unsettled.push_back(permission);
      }
    }
    if (!is_public)
      facts.unverifiable_reason = "public_repo covers " + util::join(wanted, ", ") +
                                  " on public repositories only, and " + problem;
    else if (!*is_public)
      facts.notes.push_back("public_repo does not cover " + util::join(wanted, ", ") + ": " + repository +
                            " is private");
  }

  boost::asio::awaitable<std::optional<bool>> repository_is_public(LiveContext& context, const std::string& repository,
                                                                   std::string* problem) const {
    std::string error;
    auto request = make_request(context, "GET", repository_path(kRepositoryPath, repository), &error);
    if (!request) {
      *problem = error;
      co_return std::nullopt;
    }
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    boost::json::value root;
    std::string ignored;
    if (outcome.response && outcome.response->status == 200 && parse_json_body(outcome.response->body, &root, &ignored))
      if (const auto* object = root.if_object())
        if (const auto* flag = object->if_contains("private"); flag && flag->is_bool()) co_return !flag->get_bool();
    *problem = "the visibility of " + repository + " could not be read" +
               (outcome.response ? " (HTTP " + std::to_string(outcome.response->status) + ")" : ": " + outcome.error);
    co_return std::nullopt;
  }

  // The workflow's GITHUB_TOKEN: its permissions are written in the workflow
  // file. When the file declares none, they are the repository's default,
  // which the run cannot see: the reads are probed, the rest unverifiable.
  boost::asio::awaitable<TokenFacts> ask_workflow_token(LiveContext& context, Kind kind) const {
    if (kind != Kind::kUnknown && kind != Kind::kInstallation)
      co_return TokenFacts::failed("workflow_token: true, but the token is " + std::string(kind_row(kind).described) +
                                   ", not the workflow's GITHUB_TOKEN; drop workflow_token or pass secrets.GITHUB_TOKEN");
    TokenFacts facts;
    facts.token_kind = kind_row(Kind::kWorkflow).id;
    if (!context.files) co_return TokenFacts::failed("this run cannot read files, so the workflow cannot be read");
    const auto run = github_workflow::read_run_variables(context.environment);
    const auto computed = github_workflow::permissions_for_run(run, *context.files);
    if (computed.readable && computed.job_line > 0)
      facts.fix_location = manifest::FileLocation{computed.relative_file, {computed.job_line, computed.job_column},
                                                  "job " + util::neutralize(run.job)};
    for (const auto& [name, level] : computed.levels) facts.granted.push_back(name + ":" + level);
    for (const std::string& note : computed.notes) facts.notes.push_back(util::neutralize(note));
    if (computed.readable && computed.complete) {
      facts.scopes_listed = true;
      facts.expiry_known = false;
      facts.notes.push_back("permissions computed from " + computed.declared_by + " in " + computed.relative_file);
      co_await prove_permissions(context, Kind::kWorkflow, facts, Proof::kAcceptanceOnly);
      co_return facts;
    }
    if (!computed.readable)
      facts.unverifiable_reason = "the workflow's permissions could not be read" +
                                  (computed.relative_file.empty() ? "" : " from " + computed.relative_file) + ": " +
                                  util::neutralize(computed.reason);
    else if (computed.declared_by.empty())
      facts.unverifiable_reason = "the workflow declares no permissions:, so the token holds the repository's "
                                  "default, which a run cannot see; declare permissions: on the job";
    else
      facts.unverifiable_reason = "this pull request may come from a fork, which turns the token's writes into "
                                  "reads, and its event payload cannot tell";
    co_await prove_permissions(context, Kind::kWorkflow, facts);
    co_return facts;
  }

  // What prove_permissions sends: the wanted permissions' probes, or only
  // the repository's (a workflow token whose grant is known, asked to prove
  // that it works).
  enum class Proof { kWanted, kAcceptanceOnly };

  // Probes the wanted permissions on the repository, and adds to
  // facts.unverifiable_reason what stays open and why. A classic name
  // wanted of such a token is answered through the permissions it stands for.
  boost::asio::awaitable<void> prove_permissions(LiveContext& context, Kind kind, TokenFacts& facts,
                                                 Proof proof = Proof::kWanted) const {
    const bool only_acceptance = proof == Proof::kAcceptanceOnly;
    std::string problem;
    const std::string repository = repository_of(context, &problem);
    if (repository.empty()) {
      if (!only_acceptance) add_reason(facts, problem);
      co_return;
    }
    facts.resource = repository;
    const std::vector<std::string> wanted = only_acceptance ? std::vector<std::string>{} : permissions_wanted(context);
    std::vector<Probe> probes = probes_for(wanted, repository, context.allow_write_probes);
    const std::size_t base = probes.size();
    for (const Probe& probe : context.manifest_probes) probes.push_back(probe);
    std::vector<const Probe*> sent;
    std::vector<net::HttpRequest> requests;
    for (std::size_t i = 0; i < probes.size(); ++i) {
      // The table's probes were chosen for the wanted names; the manifest's
      // are sent when their scope is wanted.
      if (i >= base && std::find(context.wanted.begin(), context.wanted.end(), probes[i].scope) == context.wanted.end())
        continue;
      auto request = probe_request(context, probes[i], facts);
      if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return;
      if (!request) continue;
      sent.push_back(&probes[i]);
      requests.push_back(std::move(*request));
    }
    const std::vector<net::HttpOutcome> outcomes = co_await send_all(context, std::move(requests));
    if (!read_repository_answer(sent, outcomes, repository, context, facts)) co_return;
    for (std::size_t i = 1; i < sent.size(); ++i) {
      if (outcomes[i].response && outcomes[i].response->status == 403) learn_kind(*outcomes[i].response, kind, facts);
      if (!apply_probe_answer(*sent[i], outcomes[i], facts)) co_return;
    }
    missing_through_reads(wanted, facts);
    answer_classic_wanted(context, facts);
    if (!only_acceptance) add_reason(facts, unproven_note(context, facts));
  }

  static void add_reason(TokenFacts& facts, const std::string& detail) {
    if (detail.empty()) return;
    facts.unverifiable_reason += (facts.unverifiable_reason.empty() ? "" : "; ") + detail;
  }

  // The probes for `wanted`, the repository's own first (every probe needs
  // it), each once. A write that no probe may prove gets its read's probe:
  // a token refused the read lacks the write too.
  static std::vector<Probe> probes_for(const std::vector<std::string>& wanted, const std::string& repository,
                                       bool allow_writes) {
    std::vector<Probe> probes{make_probe(kReadProbes.front(), repository)};
    const auto add = [&](const ProbeRow& row) {
      const bool seen = std::any_of(probes.begin(), probes.end(), [&](const Probe& p) { return p.scope == row.permission; });
      if (!seen) probes.push_back(make_probe(row, repository));
    };
    for (const std::string& permission : wanted) {
      if (const ProbeRow* row = probe_row(permission, allow_writes)) add(*row);
      else if (const ProbeRow* read = probe_row(read_of(permission), false)) add(*read);
    }
    return probes;
  }

  // "contents:write" -> "contents:read"; "" when it has no read level.
  static std::string read_of(const std::string& permission) {
    const auto parsed = parse_permission(permission);
    if (!parsed || level_rank(parsed->level) <= level_rank("read") || parsed->row->lowest != "read") return {};
    return std::string(parsed->row->name) + ":read";
  }

  // A wanted write (or admin) whose read was refused is missing as well.
  static void missing_through_reads(const std::vector<std::string>& wanted, TokenFacts& facts) {
    for (const std::string& permission : wanted) {
      const std::string read = read_of(permission);
      const auto& missing = facts.proven_missing;
      if (read.empty() || std::find(missing.begin(), missing.end(), read) == missing.end() ||
          std::find(missing.begin(), missing.end(), permission) != missing.end())
        continue;
      facts.proven_missing.push_back(permission);
      facts.notes.push_back(permission + " is missing: even " + read + " was refused");
    }
  }

  // The row that proves `permission`; writes only when they may be sent.
  static const ProbeRow* probe_row(const std::string& permission, bool allow_writes) {
    for (const ProbeRow& row : kReadProbes)
      if (row.permission == permission) return &row;
    if (!allow_writes) return nullptr;
    for (const ProbeRow& row : kWriteProbes)
      if (row.permission == permission) return &row;
    return nullptr;
  }

  static Probe make_probe(const ProbeRow& row, const std::string& repository) {
    Probe probe{std::string(row.permission), std::string(row.method), repository_path(row.path, repository),
                row.held, {403}, std::string(row.body)};
    return probe;
  }

  // The wanted names as permissions: a classic scope wanted of a token that
  // lists none stands for the permissions it covers.
  static std::vector<std::string> permissions_wanted(const LiveContext& context) {
    std::vector<std::string> permissions;
    const auto add = [&](const std::string& name) {
      if (std::find(permissions.begin(), permissions.end(), name) == permissions.end()) permissions.push_back(name);
    };
    for (const std::string& wanted : context.wanted) {
      if (is_permission(wanted)) add(wanted);
      else if (is_classic_scope(wanted))
        for (const std::string& permission : permissions_of_classic(wanted)) add(permission);
    }
    return permissions;
  }

  // The answer to GET /repos/{repo}, the first probe: 401 rejects the token;
  // 404 means the repository is not in the token's selection (or does not
  // exist), and then every repository permission is missing. False when
  // nothing more is to be read.
  bool read_repository_answer(const std::vector<const Probe*>& sent, const std::vector<net::HttpOutcome>& outcomes,
                              const std::string& repository, const LiveContext& context,
                              TokenFacts& facts) const {
    if (sent.empty() || sent.front()->scope != "metadata:read") return true;
    const net::HttpOutcome& outcome = outcomes.front();
    if (outcome.response && rate_limited(*outcome.response)) {
      facts = TokenFacts::failed("GitHub is limiting requests (HTTP " + std::to_string(outcome.response->status) +
                                 " to GET /repos/" + repository + "); try again after the limit resets");
      return false;
    }
    if (!outcome.response || outcome.response->status != 404) return apply_probe_answer(*sent.front(), outcome, facts);
    facts.resource_unreachable = true;
    facts.notes.push_back("GET /repos/" + repository + " answered 404: " + repository +
                          " is not in the token's repository access (or does not exist)");
    for (const std::string& wanted : context.wanted)
      if (reaches_repository(wanted)) facts.proven_missing.push_back(wanted);
    return false;
  }

  static bool reaches_repository(const std::string& name) {
    if (const auto permission = parse_permission(name)) return permission->row->reach == Reach::kRepository;
    const auto covered = permissions_of_classic(name);
    return std::any_of(covered.begin(), covered.end(), [](const std::string& p) { return reaches_repository(p); });
  }

  // A refusal's words name the kind of token, when nothing else did.
  static void learn_kind(const net::HttpResponse& response, Kind& kind, TokenFacts& facts) {
    const Kind said = kind_of_refusal(response.body);
    if (said == Kind::kUnknown || kind != Kind::kUnknown) return;
    kind = said;
    facts.token_kind = kind_row(kind).id;
  }

  // A classic scope wanted of a token that lists none: held when every
  // permission it stands for was proven, missing when one was refused.
  static void answer_classic_wanted(const LiveContext& context, TokenFacts& facts) {
    const auto proven = [&](const std::string& p) {
      return std::any_of(facts.granted.begin(), facts.granted.end(), [&](const std::string& g) { return level_covers(g, p); });
    };
    for (const std::string& wanted : context.wanted) {
      if (is_permission(wanted) || !is_classic_scope(wanted)) continue;
      const std::vector<std::string> covered = permissions_of_classic(wanted);
      if (covered.empty()) continue;
      if (std::all_of(covered.begin(), covered.end(), proven)) {
        facts.granted.push_back(wanted);
        facts.notes.push_back(wanted + " is held through " + util::join(covered, ", ") +
                              " (the permissions GitHub documents it as covering)");
      } else if (const auto refused = std::find_first_of(covered.begin(), covered.end(), facts.proven_missing.begin(),
                                                         facts.proven_missing.end());
                 refused != covered.end()) {
        facts.proven_missing.push_back(wanted);
        facts.notes.push_back(wanted + " is missing: it stands for " + *refused + ", which the token lacks");
      }
    }
  }

  // What stays open, and why: no safe request, no write probes allowed, no probe at all.
  static std::string unproven_note(const LiveContext& context, const TokenFacts& facts) {
    std::vector<std::string> unprovable, writes, unprobed;
    for (const std::string& wanted : permissions_wanted(context)) {
      const bool settled =
          std::any_of(facts.granted.begin(), facts.granted.end(), [&](const std::string& g) { return level_covers(g, wanted); }) ||
          std::find(facts.proven_missing.begin(), facts.proven_missing.end(), wanted) != facts.proven_missing.end();
      if (settled) continue;
      if (std::find(kUnprovable.begin(), kUnprovable.end(), wanted) != kUnprovable.end()) unprovable.push_back(wanted);
      else if (probe_row(wanted, true) && !probe_row(wanted, false) && !context.allow_write_probes) writes.push_back(wanted);
      else if (!probe_row(wanted, true)) unprobed.push_back(wanted);
    }
    std::vector<std::string> parts;
    if (!unprovable.empty())
      parts.push_back(util::join(unprovable, ", ") + ": no request proves it without changing something");
    if (!writes.empty())
      parts.push_back(util::join(writes, ", ") + ": only a write probe proves it (--allow-write-probes)");
    if (!unprobed.empty()) parts.push_back(util::join(unprobed, ", ") + ": scopegate has no probe for it");
    return util::join(parts, "; ");
  }
};

// ------------------------------------------------------- the fix

// The wanted names as permissions, in order, each once.
std::vector<std::string> as_permissions(const std::vector<std::vector<std::string>>& groups,
                                        std::vector<std::string>* untranslatable) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto& group : groups) {
    if (group.empty()) continue;
    const std::string& name = group.front();
    if (is_permission(name)) add(name);
    else if (const auto covered = permissions_of_classic(name); !covered.empty())
      for (const std::string& permission : covered) add(permission);
    else untranslatable->push_back(name);
  }
  return out;
}

std::string classic_fix(const FixRequest& request) {
  std::vector<std::string> scopes, uncovered;
  for (const auto& group : request.scopes) {
    if (group.empty()) continue;
    std::string scope = group.front();
    if (is_permission(scope)) {
      const std::string_view classic = classic_for(scope);
      if (classic.empty()) {
        uncovered.push_back(scope);
        continue;
      }
      scope = std::string(classic);
    }
    if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
  }
  std::string fix;
  if (!scopes.empty()) {
    const std::string page =
        !request.spec.token_page ? web_base(request.base_url) + "/settings/tokens/new?scopes=" + util::join(scopes, ",") +
                                       "&description=" + util::percent_encode("scopegate " + request.spec.name)
                                 : std::string(request.token_page);
    fix = "add " + util::join(scopes, ", ") + " to the token at " + page;
    fix += " (gh CLI: gh auth refresh -s " + util::join(scopes, ",") + ")";
  }
  if (!uncovered.empty())
    fix += (fix.empty() ? "" : "; ") + std::string("no classic scope is documented to cover ") +
           util::join(uncovered, ", ") + ": use a fine-grained token for it";
  return fix;
}

// "contents=write&pull_requests=read": the highest level asked of each permission.
std::string permission_parameters(const std::vector<std::string>& permissions) {
  std::vector<std::pair<std::string, std::string>> levels;
  for (const std::string& text : permissions) {
    const auto permission = parse_permission(text);
    if (!permission) continue;
    const std::string name(permission->row->name);
    auto found = std::find_if(levels.begin(), levels.end(), [&](const auto& p) { return p.first == name; });
    if (found == levels.end()) levels.emplace_back(name, std::string(permission->level));
    else if (level_rank(permission->level) > level_rank(found->second)) found->second = std::string(permission->level);
  }
  std::string out;
  for (const auto& [name, level] : levels) out += "&" + name + "=" + level;
  return out;
}

std::string fine_grained_fix(const FixRequest& request) {
  std::vector<std::string> untranslatable;
  const std::vector<std::string> permissions = as_permissions(request.scopes, &untranslatable);
  const std::string& repository = request.facts.resource;
  const std::string owner = repository.substr(0, repository.find('/'));
  const std::string web = web_base(request.base_url);
  const std::string tokens_page = web + "/settings/personal-access-tokens";
  std::string fix;
  if (request.facts.resource_unreachable)
    fix = "add " + repository + " to the token's repository access at " + tokens_page + ", then ";
  std::string link = tokens_page + "/new?name=" + util::percent_encode("scopegate " + request.spec.name);
  if (!owner.empty()) link += "&target_name=" + util::percent_encode(owner);
  link += permission_parameters(permissions);
  fix += "give the token " + util::join(permissions, ", ") + " (edit it at " + tokens_page +
         ", or create one pre-filled at " + link + ")";
  if (!repository.empty()) fix += ", then select " + repository + " under Repository access";
  if (!untranslatable.empty())
    fix += "; " + util::join(untranslatable, ", ") + " has no fine-grained counterpart: use a classic token for it";
  return fix;
}

std::string app_fix(const FixRequest& request) {
  std::vector<std::string> untranslatable;
  const std::vector<std::string> permissions = as_permissions(request.scopes, &untranslatable);
  std::string fix;
  if (request.facts.resource_unreachable)
    fix = "install the GitHub App on " + request.facts.resource + " (or add it to the installation's repositories), then ";
  fix += "give the GitHub App " + util::join(permissions, ", ") +
         " in its settings (Permissions & events), have the installation accept them, and mint a new token";
  if (!untranslatable.empty()) fix += "; " + util::join(untranslatable, ", ") + " has no GitHub App counterpart";
  return fix;
}

std::string workflow_fix(const FixRequest& request) {
  std::vector<std::string> untranslatable;
  std::map<std::string, std::string> block;
  // What the job holds stays; what it misses is added.
  for (const std::string& held : request.facts.granted)
    if (const auto permission = parse_permission(held); permission && permission->row->name != "metadata")
      block[std::string(permission->row->name)] = std::string(permission->level);
  std::vector<std::string> impossible;
  for (const std::string& text : as_permissions(request.scopes, &untranslatable)) {
    const auto permission = parse_permission(text);
    if (!permission || !github_workflow::is_workflow_permission(permission->row->name)) {
      impossible.push_back(text);
      continue;
    }
    std::string& level = block[std::string(permission->row->name)];
    if (level_rank(permission->level) > level_rank(level)) level = std::string(permission->level);
  }
  block.erase("metadata");
  std::string fix;
  if (!block.empty()) {
    fix = "set `permissions: " + github_workflow::flow_permissions(block) + "`";
    if (const auto& at = request.facts.fix_location)
      fix += " on " + at->what + " in " + at->path + ":" + std::to_string(at->where.line);
    else
      fix += " on the job";
  }
  impossible.insert(impossible.end(), untranslatable.begin(), untranslatable.end());
  if (!impossible.empty())
    fix += (fix.empty() ? "" : "; ") + std::string("the workflow's GITHUB_TOKEN cannot hold ") +
           util::join(impossible, ", ") + ": use a GitHub App token or a personal access token for it";
  return fix;
}

std::string write_fix(const FixRequest& request) {
  switch (kind_named(request.facts.token_kind)) {
    case Kind::kClassic:
    case Kind::kOAuth:
      return classic_fix(request);
    case Kind::kFineGrained:
      return fine_grained_fix(request);
    case Kind::kAppUser:
    case Kind::kInstallation:
      return app_fix(request);
    case Kind::kWorkflow:
      return workflow_fix(request);
    case Kind::kUnknown:
      break;
  }
  // Unknown kind: a classic-only answer (a saved /user answer) keeps the
  // template; names only a fine-grained token holds get its page.
  const bool any_permission = std::any_of(request.scopes.begin(), request.scopes.end(),
                                          [](const auto& group) { return !group.empty() && is_permission(group.front()); });
  if (request.facts.scopes_listed) return classic_fix(request);
  return any_permission ? fine_grained_fix(request) : std::string();
}

// GitHub's refusal of a modern token: {"message": "Resource not accessible
// by integration"} (an App or GITHUB_TOKEN) or "... by personal access token".
std::string refusal_hint(const boost::json::value& body) {
  const auto message = string_at(body, "/message");
  if (!message || message->find("not accessible by") == std::string::npos) return {};
  return "GitHub says \"" + *message + "\"";
}

}  // namespace

// ------------------------------------------------------- the manifest

void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  if (!provider.repository) return;
  const std::string& value = provider.repository->value;
  if (value.find("${") != std::string::npos || is_repository(value)) return;
  diagnostics.error(provider.repository->where,
                    "repository " + util::quoted(value) + " is not owner/name (for example acme/app)");
}

// Every permission at each of its levels, and the implications: a level
// includes the lower ones; a classic scope includes its implications and
// the permissions GitHub documents as equivalent (public_repo's hold on
// public repositories only, so they are decided per repository, not here).
const scope::VocabularyData& build_vocabulary() {
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
        lower = name;
      }
    }
    for (const Equivalence& row : kEquivalences)
      if (!row.public_only) built.implies.push_back({row.classic, {row.permission}});
    return built;
  }();
  return data;
}

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<GithubProvider>(); }

const scope::VocabularyData& vocabulary() { return build_vocabulary(); }


// `scopegate init --preset github`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  github:
    preset: github
    token_env: GH_TOKEN              # classic (ghp_), fine-grained (github_pat_) or App token (ghs_)
    # repository: acme/app           # where permissions are probed; default $GITHUB_REPOSITORY
    # workflow_token: true           # GH_TOKEN is the workflow's GITHUB_TOKEN: read its permissions: block
    # base_url: https://github.example.com/api/v3   # GitHub Enterprise Server

features:
  # Fine-grained permissions (NAME:read, NAME:write) work with every kind of
  # token; a classic token answers them through the scopes that cover them.
  release:
    description: Push tags and open the release pull request
    requires: [contents:write, pull_requests:write]
  comment:
    description: Comment on issues
    requires: [issues:write]
  # Classic scopes work too; a fine-grained token answers them through the
  # permissions they stand for.
  read-teams:
    description: Read team membership for CODEOWNERS checks
    requires:
      any: [read:org, admin:org]
)";
}  // namespace github

const PresetInfo& github_preset() {
  static const PresetInfo row{
      .name = "github",
      .summary = "GitHub tokens: classic scopes (X-OAuth-Scopes), fine-grained and App permissions (probes), "
                 "GITHUB_TOKEN (its workflow)",
      .default_base_url = "https://api.github.com",
      .default_token_env = "GITHUB_TOKEN",
      .default_token_page = "https://github.com/settings/tokens",
      .fix_template = "add {scopes} to the token[ at {page}] (gh CLI: gh auth refresh -s {scopes_comma})",
      .own_keys = {"repository", "workflow_token"},
      .vocabulary = &github::vocabulary,
      .create = &github::create,
      .starter_manifest = github::kStarterManifest,
      .manifest_rules = &github::check_manifest_rules,
      .error_body_hint = &github::refusal_hint,
      .fix_writer = &github::write_fix,
  };
  return row;
}

}  // namespace scopegate::providers
