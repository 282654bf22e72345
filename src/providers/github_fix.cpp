// The fix for a GitHub token, in the vocabulary of its kind (github_tokens.h).
// Every sentence is true for the token at hand: a classic token is told
// classic scopes, a fine-grained one permissions it can hold, an App its
// permissions, a workflow the permissions: block that holds everything its
// checked features need at once; and what no such token can hold is said so.
#include <algorithm>
#include <map>

#include "providers/github_tokens.h"
#include "providers/github_workflow.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers::github {

namespace {
// Names in order, each once.
void add_once(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

bool held(const TokenFacts& facts, const std::string& permission) {
  return std::any_of(facts.granted.begin(), facts.granted.end(),
                     [&](const std::string& granted) { return level_covers(granted, permission); });
}

// The wanted names as permissions the token does not hold yet: a classic
// scope stands for the permissions GitHub documents it as covering.
// Names with no fine-grained counterpart go to `untranslatable`.
std::vector<std::string> as_permissions(const std::vector<std::string>& names, const TokenFacts& facts,
                                        std::vector<std::string>* untranslatable) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (is_permission(name)) {
      if (!held(facts, name)) add_once(out, name);
    } else if (const auto covered = documented_permissions_of(name); !covered.empty()) {
      for (const std::string& permission : covered)
        if (!held(facts, permission)) add_once(out, permission);
    } else {
      add_once(*untranslatable, name);
    }
  }
  return out;
}

std::vector<std::string> first_names(const std::vector<std::vector<std::string>>& groups) {
  std::vector<std::string> names;
  for (const auto& group : groups)
    if (!group.empty()) names.push_back(group.front());
  return names;
}

// The permissions of `permissions` that `holder` cannot hold, moved to `impossible`.
std::vector<std::string> holdable_by(unsigned holder, const std::vector<std::string>& permissions,
                                     std::vector<std::string>* impossible) {
  std::vector<std::string> kept;
  for (const std::string& permission : permissions)
    ((holders_of(permission) & holder) ? kept : *impossible).push_back(permission);
  return kept;
}

// "; checks:write: only GitHub Apps and the workflow's GITHUB_TOKEN can hold it"
std::string cannot_hold(const std::vector<std::string>& impossible, std::string_view this_token) {
  std::string out;
  for (const std::string& permission : impossible)
    out += "; " + std::string(this_token) + " cannot hold " + permission + " (only " +
           describe_holders(holders_of(permission)) + " can)";
  return out;
}

std::string classic_fix(const FixRequest& request) {
  std::vector<std::string> scopes, uncovered;
  for (const std::string& name : first_names(request.scopes)) {
    if (!is_permission(name)) {
      add_once(scopes, name);
    } else if (const std::string_view classic = classic_for(name); !classic.empty()) {
      add_once(scopes, std::string(classic));
    } else {
      uncovered.push_back(name);
    }
  }
  std::string fix;
  if (!scopes.empty()) {
    const std::string list = util::join(scopes, ",");
    const std::string page = request.spec.token_page
                                 ? std::string(request.token_page)
                                 : web_base(request.base_url) + "/settings/tokens/new?scopes=" + list +
                                       "&description=" + util::percent_encode("scopegate " + request.spec.name);
    // gh auth refresh changes gh's own OAuth token only, never a PAT.
    fix = "add " + util::join(scopes, ", ") + " to the token at " + page + " (for gh's own token: gh auth refresh -s " +
          list + ")";
  }
  for (const std::string& permission : uncovered)
    fix += (fix.empty() ? "" : "; ") + std::string("no classic scope covers ") + permission + ": only " +
           describe_holders(holders_of(permission)) + " can hold it";
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
  std::vector<std::string> untranslatable, impossible;
  const std::vector<std::string> permissions = holdable_by(
      kFineGrainedPat, as_permissions(first_names(request.scopes), request.facts, &untranslatable), &impossible);
  const std::string& repository = request.facts.resource;
  const std::string tokens_page = web_base(request.base_url) + "/settings/personal-access-tokens";
  std::string fix;
  if (request.facts.resource_unreachable) fix = "add " + repository + " to the token's repository access at " + tokens_page;
  if (!permissions.empty()) {
    std::string link = tokens_page + "/new?name=" + util::percent_encode("scopegate " + request.spec.name);
    if (!repository.empty()) link += "&target_name=" + util::percent_encode(repository.substr(0, repository.find('/')));
    link += permission_parameters(permissions);
    fix += (fix.empty() ? "" : ", then ") + std::string("give the token ") + util::join(permissions, ", ") +
           " (edit it at " + tokens_page + ", or create one pre-filled at " + link + ")";
    // A new token's repositories cannot be pre-filled; an unreachable one was named first.
    if (!repository.empty() && !request.facts.resource_unreachable)
      fix += ", then select " + repository + " under Repository access";
  }
  fix += cannot_hold(impossible, "a fine-grained token");
  for (const std::string& name : untranslatable)
    fix += "; " + name + " is a classic scope with no fine-grained counterpart: use a classic token for it";
  return fix.starts_with("; ") ? fix.substr(2) : fix;
}

std::string app_fix(const FixRequest& request) {
  std::vector<std::string> untranslatable, impossible;
  const std::vector<std::string> permissions =
      holdable_by(kApp, as_permissions(first_names(request.scopes), request.facts, &untranslatable), &impossible);
  std::string fix;
  if (request.facts.resource_unreachable)
    fix = "install the GitHub App on " + request.facts.resource + " (or add it to the installation's repositories)";
  if (!permissions.empty())
    fix += (fix.empty() ? "" : ", then ") + std::string("give the GitHub App ") + util::join(permissions, ", ") +
           " in its settings (Permissions & events), have the installation accept them, and mint a new token";
  fix += cannot_hold(impossible, "a GitHub App token");
  for (const std::string& name : untranslatable) fix += "; " + name + " is a classic scope with no App counterpart";
  return fix.starts_with("; ") ? fix.substr(2) : fix;
}

// The job's whole block: what it holds now, and every permission the
// checked features need, so that each annotation gives the same block and
// following one never undoes another.
std::string workflow_fix(const FixRequest& request) {
  std::vector<std::string> untranslatable, impossible;
  std::map<std::string, std::string> block;
  const auto raise = [&](const Permission& permission) {
    std::string& level = block[std::string(permission.row->name)];
    if (level_rank(permission.level) > level_rank(level)) level = std::string(permission.level);
  };
  for (const std::string& granted : request.facts.granted)
    if (const auto permission = parse_permission(granted)) raise(*permission);
  std::vector<std::string> needed = request.required;
  for (const std::string& name : first_names(request.scopes)) add_once(needed, name);
  TokenFacts nothing_held;
  for (const std::string& text : as_permissions(needed, nothing_held, &untranslatable)) {
    const auto permission = parse_permission(text);
    if (permission && github_workflow::is_workflow_permission(permission->row->name)) raise(*permission);
    else impossible.push_back(text);
  }
  block.erase("metadata");  // comes with any grant; no key grants it
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

// The workflow's token reaches only the repository its workflow runs in: a
// 404 on another is not something a permissions: block can change.
std::string unreachable_by_workflow_fix(const FixRequest& request) {
  const std::string& repository = request.facts.resource;
  return "the workflow's GITHUB_TOKEN reaches only the repository its workflow runs in, and GitHub answered 404 "
         "for " + repository + ", so no permissions: block helps; for " + repository + " use a GitHub App "
         "installation token or a fine-grained personal access token that selects it";
}

// A pull request from a fork gets a read-only GITHUB_TOKEN whatever the
// workflow declares ("GITHUB_TOKEN reference"): no block can fix that.
std::string fork_fix(const FixRequest&) {
  return "a pull request from a fork gets a read-only GITHUB_TOKEN whatever permissions: says: do the writes in a "
         "workflow on pull_request_target or workflow_run, which run with the base repository's token (and never "
         "run the fork's code there)";
}
}  // namespace

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
      return request.facts.resource_unreachable ? unreachable_by_workflow_fix(request) : workflow_fix(request);
    case Kind::kForkWorkflow:
      return fork_fix(request);
    case Kind::kUnknown:
      break;
  }
  // Unknown kind: a classic-only answer (a saved /user answer) keeps the
  // classic advice; names only a fine-grained token holds get its page.
  const auto names = first_names(request.scopes);
  const bool any_permission = std::any_of(names.begin(), names.end(), [](const std::string& n) { return is_permission(n); });
  if (request.facts.scopes_listed) return classic_fix(request);
  return any_permission ? fine_grained_fix(request) : std::string();
}

}  // namespace scopegate::providers::github
