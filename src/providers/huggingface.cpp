// Hugging Face: GET https://huggingface.co/api/whoami-v2 with the token as a bearer
//   -> {"name", "auth": {"accessToken": {"displayName", "role": "read" | "write" | "fineGrained",
//        "fineGrained": {"global": [PERMISSION...],
//                        "scoped": [{"entity": {"type": "model", "name": "acme/classifier"},
//                                    "permissions": [PERMISSION...]}]}}}}
// A scoped permission is the scope "PERMISSION on TYPE/NAME" (more-providers.md).
#include <algorithm>
#include <array>
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/edit_distance.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
constexpr std::string_view kOn = " on ";

// "repo.write on model/acme/classifier" -> {"repo.write", "model", "acme/classifier"}.
struct ScopedName {
  std::string_view permission, type, name;
};
std::optional<ScopedName> split_scoped(std::string_view scope) {
  const auto on = scope.find(kOn);
  if (on == std::string_view::npos) return std::nullopt;
  const std::string_view entity = scope.substr(on + kOn.size());
  const auto slash = entity.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return ScopedName{scope.substr(0, on), entity.substr(0, slash), entity.substr(slash + 1)};
}

bool read_scoped(const boost::json::value& token, std::vector<std::string>& granted, std::string* error) {
  const auto* scoped = token.is_object() ? token.get_object().if_contains("scoped") : nullptr;
  if (!scoped || scoped->is_null()) return true;
  if (!scoped->is_array()) return fail_with(error, "\"fineGrained/scoped\" is not an array");
  for (const auto& entry : scoped->get_array()) {
    const auto type = string_at(entry, "/entity/type");
    const auto name = string_at(entry, "/entity/name");
    std::vector<std::string> permissions;
    if (!type || !name) return fail_with(error, "a scoped entry has no entity type and name");
    if (!string_list_at(entry, "/permissions", "", &permissions, error)) return false;
    for (const std::string& permission : permissions) granted.push_back(permission + std::string(kOn) + *type + "/" + *name);
  }
  return true;
}

// A read or write token reaches the repositories of its user and of the
// organisations it is a member of, at the lesser of its role and the
// member's role there ("ROLE on user/NAME", "ROLE on org/ORG"). `roleInOrg`
// is *unverified*: without it, read.
void add_owner_roles(const boost::json::value& root, const std::string& role, std::vector<std::string>& granted) {
  if (const auto name = string_at(root, "/name")) granted.push_back(role + std::string(kOn) + "user/" + *name);
  const auto* orgs = root.is_object() ? root.get_object().if_contains("orgs") : nullptr;
  if (!orgs || !orgs->is_array()) return;
  for (const auto& org : orgs->get_array()) {
    const auto name = string_at(org, "/name");
    if (!name) continue;
    // Unsaid or unknown, the member's role is taken as read: never a false ok.
    const auto in_org = string_at(org, "/roleInOrg");
    const bool reads_only = !in_org || (*in_org != "write" && *in_org != "admin");
    granted.push_back((reads_only ? std::string("read") : role) + std::string(kOn) + "org/" + *name);
  }
}

class HuggingfaceProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    const auto role = string_at(root, "/auth/accessToken/role");
    if (!role) return TokenFacts::failed("Hugging Face's answer names no token role (\"/auth/accessToken/role\")");
    TokenFacts facts;
    facts.token_kind = *role;
    facts.account = string_at(root, "/name");
    facts.key_name = string_at(root, "/auth/accessToken/displayName");
    facts.expiry_problem = "Hugging Face's answer does not say when the token expires";
    std::string error;
    if (*role == "read" || *role == "write") {
      facts.granted.push_back(*role);
      add_owner_roles(root, *role, facts.granted);
    } else if (*role == "fineGrained") {
      boost::json::error_code code;
      const auto* fine = root.find_pointer("/auth/accessToken/fineGrained", code);
      if (!fine) return TokenFacts::failed("Hugging Face's answer has a fine-grained token with no \"fineGrained\" member");
      const bool has_global = fine->is_object() && fine->get_object().contains("global");
      if ((has_global && !string_list_at(*fine, "/global", "", &facts.granted, &error)) ||
          !read_scoped(*fine, facts.granted, &error))
        return TokenFacts::failed("cannot read Hugging Face's answer: " + error);
    } else {
      return TokenFacts::failed("Hugging Face's answer has a token role scopegate does not know: " + util::quoted(*role));
    }
    facts.scopes_listed = true;
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/api/whoami-v2", error);
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace huggingface {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<HuggingfaceProvider>();
}

// What a read or write token covers of the fine-grained permissions, by
// the permission's prefix or suffix. huggingface.co/docs/hub/security-tokens
// says read reads every repository you can read, write also writes them;
// the mapping onto fine-grained names is *unverified*: one table to correct.
struct RoleCover {
  std::string_view role;
  std::string_view prefix;  // "" with a suffix: any permission ending so
  std::string_view suffix;
};
constexpr std::array<RoleCover, 5> kRoleCovers{{
    {"read", "", ".read"},
    {"write", "", ".read"},
    {"write", "repo.", ""},
    {"write", "discussion.", ""},
    {"write", "read", ""},
}};

bool role_covers(std::string_view role, std::string_view permission) {
  for (const RoleCover& cover : kRoleCovers)
    if (cover.role == role && permission.starts_with(cover.prefix) && permission.ends_with(cover.suffix)) return true;
  return false;
}

bool is_role(std::string_view name) { return name == "read" || name == "write"; }

// A role covers its permissions where no resource is named; a permission
// (or a role) on an organisation or user covers their repositories
// ("P on org/acme" covers "P on model/acme/classifier").
bool covers(std::string_view granted, std::string_view required) {
  const auto need = split_scoped(required);
  if (is_role(granted)) return !need && role_covers(granted, required);
  const auto have = split_scoped(granted);
  if (!have || !need) return false;
  const bool permits = is_role(have->permission) ? role_covers(have->permission, need->permission)
                                                 : have->permission == need->permission;
  const bool owner = have->type == "org" || have->type == "user";
  return permits && owner && need->type != "org" && need->type != "user" &&
         need->name.starts_with(std::string(have->name) + "/");
}

// Fine-grained permissions as the token form names them, for typos only: a
// name far from all of them passes, since Hugging Face adds more (*unverified*).
const std::vector<std::string>& known_permissions() {
  static const std::vector<std::string> names{
      "read", "write", "repo.content.read", "repo.write", "repo.access.read", "discussion.write", "post.write",
      "inference.serverless.write", "inference.endpoints.infer.write", "inference.endpoints.write",
      "user.webhooks.read", "user.webhooks.write", "collection.read", "collection.write", "org.read", "org.write",
      "user.billing.read", "job.write"};
  return names;
}

// A permission one or two letters from a known one is surely a typo of it.
std::string permission_typo(std::string_view permission, std::string_view scope) {
  const auto& known = known_permissions();
  if (std::find(known.begin(), known.end(), permission) != known.end()) return {};
  const auto closest = util::closest_match(permission, known);
  if (!closest) return {};
  return "scope " + util::quoted(scope) + " names permission " + util::quoted(permission) +
         ", which Hugging Face does not have (did you mean " + util::quoted(*closest) + "?)";
}

// "PERMISSION" or "PERMISSION on TYPE/NAME", TYPE one Hugging Face knows.
std::string scope_problem(std::string_view scope) {
  if (scope.find(kOn) == std::string_view::npos)
    return scope.find(' ') == std::string_view::npos
               ? permission_typo(scope, scope)
               : "scope " + util::quoted(scope) +
                     " holds a space but no ' on '; write each permission as its own list item, or as "
                     "PERMISSION on TYPE/NAME";
  const auto scoped = split_scoped(scope);
  static constexpr std::array<std::string_view, 5> kTypes{"model", "dataset", "space", "org", "user"};
  if (!scoped || scoped->name.empty() ||
      std::find(kTypes.begin(), kTypes.end(), scoped->type) == kTypes.end())
    return "scope " + util::quoted(scope) +
           " is not PERMISSION on TYPE/NAME, where TYPE is model, dataset, space, org or user "
           "('repo.write on model/acme/classifier')";
  return permission_typo(scoped->permission, scope);
}

// Role tokens keep their role: a fine-grained token can be edited, a read
// or write token is replaced. The link pre-fills the new token's form
// (`preset`, `orgs`: *unverified* parameter names, from more-providers.md).
std::string fix(const FixRequest& request) {
  std::vector<std::string> orgs;
  bool only_roles = true;
  for (const auto& group : request.scopes) {
    for (const std::string& name : group) {
      only_roles = only_roles && (name == "read" || name == "write");
      const auto scoped = split_scoped(name);
      if (scoped && scoped->type != "user") {
        const std::string org(scoped->type == "org" ? scoped->name : scoped->name.substr(0, scoped->name.find('/')));
        if (std::find(orgs.begin(), orgs.end(), org) == orgs.end()) orgs.push_back(org);
      }
    }
  }
  const std::string page(request.token_page.empty() ? "https://huggingface.co/settings/tokens" : request.token_page);
  if (request.facts.token_kind == "fineGrained" && !only_roles)
    return "add " + missing_in_prose(request) + " to the token's permissions at " + page + " (Manage > Edit permissions)";
  const bool write = std::any_of(request.scopes.begin(), request.scopes.end(),
                                 [](const auto& group) { return group.size() == 1 && group.front() == "write"; });
  std::string link = page + "/new?preset=" + (!only_roles ? "fineGrained" : write ? "write" : "read");
  if (!orgs.empty()) link += "&orgs=" + util::percent_encode(util::join(orgs, ","));
  return "create a token with " + missing_in_prose(request) + " at " + link +
         " (Hugging Face cannot change a read or write token's role)";
}

// `scopegate init --preset huggingface`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  huggingface:
    preset: huggingface
    token_env: HF_TOKEN                # the variable huggingface_hub reads

features:
  download:
    description: Download the base model
    requires:
      any: [read, "repo.content.read on model/acme/base"]
  publish:
    description: Push the fine-tuned model
    requires: ["repo.write on model/acme/classifier"]
)";
}  // namespace huggingface

const PresetInfo& huggingface_preset() {
  static const PresetInfo row{
      .name = "huggingface",
      .summary = "Hugging Face access tokens (GET /api/whoami-v2, role or fine-grained permissions)",
      .default_base_url = "https://huggingface.co",
      .default_token_env = "HF_TOKEN",
      .default_token_page = "https://huggingface.co/settings/tokens",
      .fix_template = "create a token with {scopes}[ at {page}]",
      .grant_rule = &huggingface::covers,
      .create = &huggingface::create,
      .starter_manifest = huggingface::kStarterManifest,
      .fix_writer = &huggingface::fix,
      .scope_problem = &huggingface::scope_problem,
  };
  return row;
}

}  // namespace scopegate::providers
