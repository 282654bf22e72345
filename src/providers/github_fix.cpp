// The fix for a GitHub token, in the vocabulary of its kind (github_tokens.h).
#include <algorithm>
#include <map>

#include "providers/github_tokens.h"
#include "providers/github_workflow.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers::github {

namespace {
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

}  // namespace scopegate::providers::github
