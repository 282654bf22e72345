// GitLab: GET {base}/api/v4/personal_access_tokens/self
//   -> {"name", "revoked", "active", "scopes": [...], "expires_at": "2026-12-31" | null}
// Project and group access tokens answer it too; their owner is a bot user
// (GET /api/v4/user -> {"username": "project_{id}_bot_{suffix}", "bot": true}),
// and GET /api/v4/projects/{id} or /groups/{id} names where the token is made
// (more-providers.md, "GitLab, beyond personal tokens").
#include <algorithm>
#include <boost/json/value.hpp>
#include <cctype>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
bool is_true_at(const boost::json::value& root, std::string_view pointer) {
  boost::json::error_code code;
  const auto* found = root.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), code);
  return found && found->is_bool() && found->get_bool();
}
bool is_false_at(const boost::json::value& root, std::string_view pointer) {
  boost::json::error_code code;
  const auto* found = root.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), code);
  return found && found->is_bool() && !found->get_bool();
}

// What the fix says when GET /api/v4/user did not answer who owns the token.
constexpr std::string_view kOwnerUnknown = "owner unknown";

// "project_42_bot_3f2a" -> {"project", "42"}; nullopt for a person.
struct BotOwner {
  std::string kind;  // "project" or "group"
  std::string id;
};
std::optional<BotOwner> bot_owner(std::string_view username) {
  for (const std::string_view kind : {"project", "group"}) {
    const std::string prefix = std::string(kind) + "_";
    if (!username.starts_with(prefix)) continue;
    const std::string_view rest = username.substr(prefix.size());
    const auto end = rest.find("_bot");
    const std::string_view id = rest.substr(0, end);
    if (end == std::string_view::npos || id.empty() || id.size() > 20 ||
        !std::all_of(id.begin(), id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return std::nullopt;
    return BotOwner{std::string(kind), std::string(id)};
  }
  return std::nullopt;
}

class GitlabProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    std::string error;
    if (is_true_at(root, "/revoked")) return TokenFacts::rejected("GitLab says the token is revoked");
    if (is_false_at(root, "/active"))
      return TokenFacts::rejected("GitLab says the token is not active (expired or revoked)");

    TokenFacts facts;
    facts.scopes_listed = true;
    if (!string_list_at(root, "/scopes", "", &facts.granted, &error))
      return TokenFacts::failed("cannot read GitLab's answer: " + error);
    facts.key_name = string_at(root, "/name");
    if (!read_expiry(root, "/expires_at", &facts, &error)) facts.notes.push_back(error);
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/api/v4/personal_access_tokens/self", error);
  }
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    request.headers.emplace_back("PRIVATE-TOKEN", context.token);
  }

 public:
  // The token's scopes, then, when a checked scope is not among them, who
  // owns it: a person, or a project's or group's bot, whose path the fix's
  // page needs. What cannot be learnt (a token that may not read /user)
  // leaves the advice a person's.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    TokenFacts facts = co_await Provider::ask(context);
    if (facts.outcome != TokenFacts::Outcome::kAccepted || !lacks_some(context.wanted, facts.granted)) co_return facts;
    std::string error;
    auto user = make_request(context, "GET", "/api/v4/user", &error);
    if (!user) co_return facts;
    const net::HttpOutcome outcome = co_await send(context, std::move(*user));
    if (!outcome.response || outcome.response->status != 200) {
      facts.token_kind = kOwnerUnknown;  // a project token without read_user or api may not ask
      co_return facts;
    }
    const auto owner = bot_of(outcome.response->body, facts);
    if (owner) co_await find_owner_path(context, *owner, facts);
    co_return facts;
  }

 private:
  // Names only: a scope implied by another (api's read_api) still asks, harmlessly.
  static bool lacks_some(const std::vector<std::string>& wanted, const std::vector<std::string>& granted) {
    return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& scope) {
      return std::find(granted.begin(), granted.end(), scope) == granted.end();
    });
  }

  static std::optional<BotOwner> bot_of(std::string_view body, TokenFacts& facts) {
    boost::json::value root;
    std::string error;
    if (!parse_json_body(body, &root, &error)) return std::nullopt;
    const auto username = string_at(root, "/username");
    if (!username) return std::nullopt;
    facts.account = username;
    const auto owner = is_true_at(root, "/bot") ? bot_owner(*username) : std::nullopt;
    if (owner) facts.token_kind = owner->kind;
    return owner;
  }

  // The project's path_with_namespace or the group's full_path; else, for a
  // project token in GitLab CI, CI_PROJECT_PATH.
  boost::asio::awaitable<void> find_owner_path(LiveContext& context, const BotOwner& owner, TokenFacts& facts) const {
    const bool project = owner.kind == "project";
    std::string error;
    auto request = make_request(context, "GET", (project ? "/api/v4/projects/" : "/api/v4/groups/") + owner.id, &error);
    std::optional<std::string> path;
    if (request) {
      const net::HttpOutcome outcome = co_await send(context, std::move(*request));
      boost::json::value root;
      if (outcome.response && outcome.response->status == 200 && parse_json_body(outcome.response->body, &root, &error))
        path = string_at(root, project ? "/path_with_namespace" : "/full_path");
    }
    // GitLab CI's own project, only when it is the bot's (CI_PROJECT_ID).
    if (!path && project && context.environment.get("CI_PROJECT_ID") == owner.id)
      path = context.environment.get("CI_PROJECT_PATH");
    if (path && is_namespace_path(*path)) facts.resource = *path;
  }

  // A GitLab path ("acme/web", "acme/sub/web"): it goes into a link.
  static bool is_namespace_path(std::string_view path) {
    return !path.empty() && path.size() <= 255 && path.front() != '/' && path.find("..") == std::string_view::npos &&
           std::all_of(path.begin(), path.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.';
           });
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace gitlab {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<GitlabProvider>();
}

const scope::VocabularyData& vocabulary() {
  // Personal access token scopes.
  static const scope::VocabularyData data{
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

// 403 {"error": "insufficient_scope", "scope": "api read_api"}
std::string error_body_hint(const boost::json::value& body) {
  if (string_at(body, "/error") != std::optional<std::string>("insufficient_scope")) return {};
  const auto scope = string_at(body, "/scope");
  return scope ? "the provider says it needs one of: " + *scope : "the provider says the token has insufficient scope";
}

// A new token's form, pre-filled with its name and every scope the checked
// features need (GitLab cannot add scopes to a token): a person's page, or
// the project's or group's Access tokens page for a bot's token.
std::string fix(const FixRequest& request) {
  std::vector<std::string> scopes = request.required;
  for (const auto& group : request.scopes)
    if (std::find(scopes.begin(), scopes.end(), group.front()) == scopes.end()) scopes.push_back(group.front());
  const std::string base(request.base_url);
  const std::string& kind = request.facts.token_kind;
  const std::string& path = request.facts.resource;
  const bool person = kind.empty() || kind == kOwnerUnknown;
  const std::string name = "scopegate " + request.spec.name;
  const std::string query = "?name=" + util::percent_encode(name) + "&scopes=" + util::join(scopes, ",");
  const std::string what = "create a " + (person ? std::string() : kind + " ") + "token with " + missing_in_prose(request);
  const std::string cannot = " (GitLab cannot add scopes to an existing token)";
  if (!person && path.empty())  // a bot's token whose project or group could not be read
    return what + " under Settings > Access tokens of its " + kind + cannot;
  if (!person) {
    const std::string page = kind == "project" ? base + "/" + path : base + "/groups/" + path;
    return what + " at " + page + "/-/settings/access_tokens" + query + cannot;
  }
  const std::string page = request.token_page.empty() ? base + "/-/user_settings/personal_access_tokens"
                                                      : std::string(request.token_page);
  std::string text = what + " at " + page + query + "&description=" + util::percent_encode("made for " + name);
  if (kind == kOwnerUnknown) text += ", or, for a project's or group's access token, under its Settings > Access tokens";
  return text + cannot;
}

// `scopegate init --preset gitlab`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
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
)";
}  // namespace gitlab

const PresetInfo& gitlab_preset() {
  static const PresetInfo row{
      .name = "gitlab",
      .summary = "GitLab personal, project and group access tokens (GET /api/v4/personal_access_tokens/self)",
      .default_base_url = "https://gitlab.com",
      .default_token_env = "GITLAB_TOKEN",
      .default_token_page = "{base}/-/user_settings/personal_access_tokens",
      .fix_template = "create a token with {scopes}[ at {page}] (GitLab cannot add scopes to an existing token)",
      .vocabulary = &gitlab::vocabulary,
      .create = &gitlab::create,
      .starter_manifest = gitlab::kStarterManifest,
      .error_body_hint = &gitlab::error_body_hint,
      .fix_writer = &gitlab::fix,
  };
  return row;
}

}  // namespace scopegate::providers
