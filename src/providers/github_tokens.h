#pragma once
// GitHub's tokens as data (../shared/spec/github-tokens.md): the
// fine-grained permissions and their levels, the classic scopes, the
// equivalences between the two, the probe table, the kinds of token, and
// the advice each kind needs. Everything here that may need correcting is a
// table in github_tokens.cpp: kPermissions, kEquivalences, kReadProbes,
// kWriteProbes, kKinds.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"
#include "scope/vocabulary.h"

namespace scopegate::providers::github {

// Where a permission applies: a fine-grained token holds repository
// permissions on its selected repositories only.
enum class Reach { kRepository, kOrganization, kAccount };

// A fine-grained permission: GitHub's API name (the word of
// X-Accepted-GitHub-Permissions and of an App's `permissions` object), its
// levels (read < write < admin; a level includes the lower ones), and where
// it applies. Source: "Permissions required for fine-grained personal access
// tokens" and "Choosing permissions for a GitHub App". Levels marked
// unverified are guesses from the token page: correct them here.
// Which tokens can hold a permission at all (GitHub's lists per token type).
enum Holders : unsigned {
  kFineGrainedPat = 1,
  kApp = 2,             // App installation and user tokens
  kWorkflowToken = 4,   // the workflow's GITHUB_TOKEN
  kEveryToken = kFineGrainedPat | kApp | kWorkflowToken,
};

struct PermissionRow {
  std::string_view name;
  std::string_view lowest;   // "read", or "write" where no read level exists
  std::string_view highest;  // "read", "write" or "admin"
  Reach reach = Reach::kRepository;
  bool public_read = false;  // any token reads it on a public repository (code, issues, pulls...)
  unsigned holders = kEveryToken;
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
  bool unverified = false;  // GitHub's docs do not say so; the report says the table does
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

// "contents:write" -> {"contents", "write"}; nullopt for a classic scope.
struct Permission {
  const PermissionRow* row = nullptr;
  std::string_view level;
};

enum class Kind { kUnknown, kClassic, kOAuth, kFineGrained, kAppUser, kInstallation, kWorkflow, kForkWorkflow };

struct KindRow {
  Kind kind;
  std::string_view prefix;  // GitHub's token prefixes ("Behind GitHub's new authentication token formats")
  std::string_view id;      // TokenFacts::token_kind
  std::string_view described;
};

extern const std::vector<PermissionRow> kPermissions;
extern const std::vector<Equivalence> kEquivalences;
extern const std::vector<ProbeRow> kReadProbes;   // kReadProbes.front() is the repository's own page
extern const std::vector<ProbeRow> kWriteProbes;
extern const std::vector<std::string_view> kUnprovable;  // no request proves them without changing something
extern const std::vector<KindRow> kKinds;

// ------------------------------------------------------- names and levels

// read 1, write 2, admin 3; 0 for anything else.
int level_rank(std::string_view level);
// "contents:write" as a permission at a level it has; nullopt otherwise (a classic scope, a typo).
std::optional<Permission> parse_permission(std::string_view text);
bool is_permission(std::string_view text);
// Whether holding `held` gives `wanted` (same permission, at least the level).
bool level_covers(std::string_view held, std::string_view wanted);
// The classic scopes `granted` holds, with every scope they include ("Scopes for OAuth apps").
std::set<std::string> classic_closure(const std::vector<std::string>& granted);
bool is_classic_scope(std::string_view name);
// The fine-grained permissions a classic scope stands for (its equivalences
// on any repository): what a fine-grained token must hold to do what it allows.
std::vector<std::string> permissions_of_classic(std::string_view classic);
// The narrowest classic scope that covers `permission` on any repository; "" when none does.
std::string_view classic_for(std::string_view permission);
// The permissions GitHub documents `classic` as covering (no unverified
// row): what advice asks a fine-grained or App token to hold instead.
std::vector<std::string> documented_permissions_of(std::string_view classic);
// Which tokens can hold `permission` (Holders); kEveryToken for a name that is not a permission.
unsigned holders_of(std::string_view permission);
// "GitHub Apps and the workflow's GITHUB_TOKEN": who can hold a permission with these holders.
std::string describe_holders(unsigned holders);
// The vocabulary: classic scopes and every permission at each level, a
// level including the lower ones, a classic scope including its
// equivalents (public_repo's are decided per repository, never here).
const scope::VocabularyData& vocabulary_data();

// ------------------------------------------------------- kinds of token

const KindRow& kind_row(Kind kind);
// From GitHub's token prefixes; kUnknown for any other shape.
Kind kind_of_token(std::string_view token);
// From TokenFacts::token_kind.
Kind kind_named(std::string_view id);
// "Resource not accessible by integration" (an App or GITHUB_TOKEN) and
// "... by personal access token" (fine-grained) name the token's kind.
Kind kind_of_refusal(std::string_view body);
bool lists_scopes(Kind kind);

// ------------------------------------------------------- addresses

// "owner/name" as GitHub allows them: an owner of letters, digits and
// hyphens, not at either end (at most 39), a name of letters, digits, '.', '-', '_' (at most
// 100), neither "." nor "..". Checked before it goes into a URL.
bool is_repository(std::string_view text);
// A probe table path with {repo} ("owner/name", each part encoded) and
// {none} (a name that cannot exist) filled in.
std::string repository_path(std::string_view path, const std::string& repository);
// The web host's address: https://github.com, or a GitHub Enterprise
// Server's own host (its API is at https://HOST/api/v3).
std::string web_base(std::string_view base_url);

// ------------------------------------------------------- advice

// The fix for a GitHub token (PresetInfo::fix_writer), in the vocabulary of
// the kind it turned out to be: classic scopes on a pre-filled token page,
// fine-grained permissions on a pre-filled page and the repository to
// select, an App's permissions, or a workflow's permissions: block.
std::string write_fix(const FixRequest& request);

}  // namespace scopegate::providers::github
