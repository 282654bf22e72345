// Google Cloud IAM, asked for the set (deploy-gates.md): POST
// {base}/v3/{resource}:testIamPermissions with the wanted permissions (at
// most 100 per request) answers with the subset the caller holds, `{}` for
// none ("projects.testIamPermissions", Cloud Resource Manager v3). Beside it,
// tokeninfo names the account and the expiry; its failure fails nothing.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <set>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "scope/resource.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace gcp {
namespace {
constexpr std::string_view kTokenInfo = "https://oauth2.googleapis.com/tokeninfo";
constexpr std::size_t kPermissionsPerRequest = 100;  // testIamPermissions' documented limit

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// projects/ID (6-30 of a-z, 0-9, '-'; older projects also ':' and '.'),
// folders/NUMBER or organizations/NUMBER: each goes into a URL path as is.
bool is_resource(std::string_view resource) {
  if (resource.starts_with("folders/")) return is_digits(resource.substr(8));
  if (resource.starts_with("organizations/")) return is_digits(resource.substr(14));
  if (!resource.starts_with("projects/")) return false;
  const std::string_view id = resource.substr(9);
  return !id.empty() && id.size() <= 63 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.';
  });
}

// service.resource.verb: letters and digits between dots, at least three parts, no wildcard.
bool is_permission(std::string_view name) {
  const auto parts = util::split_any(name, ".");
  if (parts.size() < 3 || std::count(name.begin(), name.end(), '.') != static_cast<long>(parts.size()) - 1) return false;
  return std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
  });
}

}  // namespace

// Why `scope` is not an IAM permission, optionally "on RESOURCE"; "" when it is.
std::string scope_problem(std::string_view scope) {
  const auto [permission, resource] = scope::split_resource_scope(scope, "projects/default");
  if (permission.find('*') != std::string::npos)
    return "testIamPermissions takes no wildcards: name each permission (" + util::quoted(permission) + ")";
  if (!is_permission(permission))
    return util::quoted(permission) + " is not an IAM permission (service.resource.verb, as in run.services.update)";
  if (!is_resource(resource))
    return util::quoted(resource) + " is not a resource testIamPermissions takes (projects/ID, folders/NUMBER, "
                                    "organizations/NUMBER)";
  return {};
}

// resource: is required (the permissions are held on something) and must be
// one of the three shapes, unless it comes from a variable.
void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  if (!provider.resource) {
    diagnostics.error(provider.where, "provider " + util::quoted(provider.name) +
                                          " needs resource: (projects/ID, folders/NUMBER or organizations/NUMBER), "
                                          "the resource its permissions are tested on");
    return;
  }
  const std::string& value = provider.resource->value;
  if (value.find("${") == std::string::npos && !is_resource(value))
    diagnostics.error(provider.resource->where, "resource " + util::quoted(value) +
                                                    " is not projects/ID, folders/NUMBER or organizations/NUMBER");
}

namespace {
// One testIamPermissions request per resource and 100 permissions: what
// scope::group_by_resource gives.
using Question = scope::ResourceGroup;

std::vector<Question> questions_for(const LiveContext& context) {
  return scope::group_by_resource(context.wanted, context.resource, kPermissionsPerRequest);
}

class GcpProvider final : public Provider {
 public:
  // tokeninfo: {"email" | "azp", "scope", "expires_in", "exp"}.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    TokenFacts facts;
    facts.account = string_at(root, "/email");
    if (!facts.account) facts.account = string_at(root, "/azp");
    std::string error;
    if (!read_expiry(root, "/exp", &facts, &error, NullExpiry::kUnknown)) facts.notes.push_back(error);
    if (const auto scope = string_at(root, "/scope");
        scope && scope->find("https://www.googleapis.com/auth/cloud-platform") == std::string::npos)
      facts.notes.push_back("the token does not carry the cloud-platform OAuth scope, which testIamPermissions "
                            "needs (it has: " + *scope + ")");
    facts.unverifiable_reason = "tokeninfo names the account, not its IAM permissions (asked live, "
                                "testIamPermissions answers per permission)";
    return facts;
  }

  // The IAM questions and tokeninfo together; tokeninfo only adds who and until when.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    const std::vector<Question> questions = questions_for(context);
    std::vector<net::HttpRequest> requests;
    std::string error;
    for (const Question& question : questions) {
      if (!is_resource(question.resource))
        co_return TokenFacts::misconfiguration("resource " + util::quoted(util::neutralize(question.resource)) +
                                     " is not projects/ID, folders/NUMBER or organizations/NUMBER; nothing was sent");
      auto request = make_request(context, "POST", "/v3/" + question.resource + ":testIamPermissions", &error);
      if (!request) co_return TokenFacts::failed(error);
      request->headers.emplace_back("Content-Type", "application/json");
      boost::json::array names(question.permissions.begin(), question.permissions.end());
      request->body = boost::json::serialize(boost::json::object{{"permissions", names}});
      requests.push_back(std::move(*request));
    }
    if (auto info = tokeninfo_request(context, &error)) requests.push_back(std::move(*info));
    const std::vector<net::HttpOutcome> outcomes = co_await send_all(context, std::move(requests));
    TokenFacts facts = identity(outcomes, questions.size());
    facts.resource = context.resource;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      read_answer(questions[i], outcomes[i], facts);
      if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
    }
    co_return facts;
  }

 protected:
  // The token in a form body (never the URL) to tokeninfo, Google's own
  // endpoint for it: tokeninfo_url, else oauth2.googleapis.com.
  std::optional<net::HttpRequest> tokeninfo_request(const LiveContext& context, std::string* error) const {
    const std::string url = context.introspection_url.empty() ? std::string(kTokenInfo) : context.introspection_url;
    auto request = build_request(context, "POST", url, error);
    if (!request) return std::nullopt;
    request->headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request->body = "access_token=" + util::percent_encode(context.token);
    return request;
  }

 private:
  // Who the token is, from tokeninfo's answer (the last outcome, if sent); a
  // failure there is a note: the IAM answers decide.
  TokenFacts identity(const std::vector<net::HttpOutcome>& outcomes, std::size_t questions) const {
    if (outcomes.size() <= questions) return TokenFacts{};
    const net::HttpOutcome& info = outcomes.back();
    if (info.response && info.response->status == 200) {
      TokenFacts facts = interpret(*info.response);
      if (facts.outcome == TokenFacts::Outcome::kAccepted) return facts;
    }
    TokenFacts facts;
    facts.notes.push_back("tokeninfo did not answer (" +
                          (info.response ? "HTTP " + std::to_string(info.response->status) : info.error) +
                          "): the account and expiry are unknown");
    return facts;
  }

  static void read_answer(const Question& question, const net::HttpOutcome& outcome, TokenFacts& facts) {
    const std::string asked = "POST /v3/" + question.resource + ":testIamPermissions";
    if (!outcome.response) return unanswered(question, asked + " failed: " + outcome.error, facts);
    const net::HttpResponse& response = *outcome.response;
    const std::string said = error_message_of(response.body);
    if (response.status == 401) {
      facts = TokenFacts::rejected("Google rejected the token (HTTP 401" + (said.empty() ? "" : ": " + said) + ")");
      return;
    }
    if (response.status == 403) {
      facts = TokenFacts::failed(asked + " was refused (HTTP 403" + (said.empty() ? "" : ": " + said) +
                                 "): the token lacks the cloud-platform OAuth scope, or the Cloud Resource Manager "
                                 "API is disabled, or " + question.resource + " does not exist");
      return;
    }
    if (response.status == 400) {  // INVALID_ARGUMENT: a permission Google does not know, named in its message
      facts = TokenFacts::misconfiguration(asked + " was refused as invalid (HTTP 400" +
                                           (said.empty() ? "" : ": " + said) + "): fix the manifest's scope");
      return;
    }
    boost::json::value root;
    std::string error;
    if (response.status != 200 || !parse_json_body(response.body, &root, &error) || !root.is_object())
      return unanswered(question, asked + " answered HTTP " + std::to_string(response.status) +
                                      (said.empty() ? "" : ": " + said), facts);
    // {} when none is held, not an empty list; any other object is not an answer.
    std::vector<std::string> held;
    const bool none_held = root.get_object().empty();
    if (!none_held && !string_list_at(root, "/permissions", "", &held, &error))
      return unanswered(question, asked + ": " + error, facts);
    const std::set<std::string> holds(held.begin(), held.end());
    for (std::size_t i = 0; i < question.scopes.size(); ++i)
      (holds.count(question.permissions[i]) ? facts.granted : facts.proven_missing).push_back(question.scopes[i]);
  }

  static void unanswered(const Question& question, const std::string& why, TokenFacts& facts) {
    for (const std::string& scope : question.scopes) facts.unanswered.emplace_back(scope, why);
  }
};

// A custom role's id ([A-Za-z0-9_.], 3 to 64 characters) from the
// provider's name and the permissions it holds: two fixes for different
// permissions never name the same role, and the same fix names it again.
std::string role_id(std::string_view provider, const std::string& permissions) {
  std::string id = "scopegate_";
  for (char c : provider.substr(0, 30)) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  std::uint32_t hash = 2166136261u;  // FNV-1a: short and stable across runs and machines
  for (char c : permissions) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  static constexpr char kHex[] = "0123456789abcdef";
  id += '_';
  for (int shift = 28; shift >= 0; shift -= 4) id += kHex[(hash >> shift) & 0xf];
  return id;
}

// serviceAccount:EMAIL for a service account, user:EMAIL for a person, MEMBER when unknown.
// The account comes from tokeninfo, outside bytes about to be pasted into a
// shell: anything but a plain address becomes the placeholder.
std::string member_of(const TokenFacts& facts) {
  const auto plain = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '+' || c == '@';
  };
  if (!facts.account || std::count(facts.account->begin(), facts.account->end(), '@') != 1 ||
      !std::all_of(facts.account->begin(), facts.account->end(), plain) || facts.account->front() == '-')
    return "MEMBER";
  const bool service = facts.account->ends_with(".gserviceaccount.com");
  return (service ? "serviceAccount:" : "user:") + *facts.account;
}

// "projects/acme" -> "gcloud projects add-iam-policy-binding acme"; folders and organizations alike.
std::string binding_command(const std::string& resource) {
  const std::size_t slash = resource.find('/');
  const std::string kind = resource.substr(0, slash), id = resource.substr(slash + 1);
  const std::string group = kind == "projects" ? "projects" : kind == "folders" ? "resource-manager folders" : "organizations";
  return "gcloud " + group + " add-iam-policy-binding " + id;
}
}  // namespace

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<GcpProvider>(); }

// Per resource: a custom role made of exactly the missing permissions (no
// table of Google's predefined roles is kept, and a narrower role does not
// exist), then the binding of it to the member tokeninfo named.
std::string write_fix(const FixRequest& request) {
  std::vector<std::string> firsts;  // an any-group's first name
  for (const std::vector<std::string>& group : request.scopes)
    if (!group.empty()) firsts.push_back(group.front());
  std::vector<std::string> commands;
  for (const scope::ResourceGroup& group : scope::group_by_resource(firsts, request.facts.resource)) {
    const std::string& resource = group.resource;
    const std::string list = util::join(group.permissions, ",");
    if (resource.starts_with("folders/")) {
      commands.push_back("grant " + member_of(request.facts) + " a role holding " + list + " on " + resource +
                         " (" + binding_command(resource) + " --member=" + member_of(request.facts) + " --role=ROLE)");
      continue;
    }
    const std::string id = resource.substr(resource.find('/') + 1);
    const std::string where = resource.starts_with("projects/") ? "--project=" + id : "--organization=" + id;
    // ";", not "&&": a role made by an earlier run is bound all the same.
    const std::string role = role_id(request.spec.name, list);
    commands.push_back("gcloud iam roles create " + role + " " + where + " --permissions=" + list + "; " +
                       binding_command(resource) + " --member=" + member_of(request.facts) + " --role=" + resource +
                       "/roles/" + role);
  }
  return util::join(commands, "; ");
}

// `scopegate init --preset gcp`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  gcp:
    preset: gcp                       # token from $GOOGLE_OAUTH_ACCESS_TOKEN (gcloud auth print-access-token)
    resource: projects/acme-prod      # where the permissions are tested

features:
  deploy:
    description: Deploy the Cloud Run service as its service account
    requires: [run.services.update, iam.serviceAccounts.actAs]
  assets:
    description: Upload the static assets
    requires: ["storage.objects.create on projects/acme-assets"]
)";
}  // namespace gcp

const PresetInfo& gcp_preset() {
  static const PresetInfo row{
      .name = "gcp",
      .summary = "Google Cloud access tokens (testIamPermissions on resource:, tokeninfo)",
      .default_base_url = "https://cloudresourcemanager.googleapis.com",
      .default_token_env = "GOOGLE_OAUTH_ACCESS_TOKEN",
      .fix_template = "grant the token's account a role holding {scopes}",
      .own_keys = {"resource", "tokeninfo_url"},
      .create = &gcp::create,
      .starter_manifest = gcp::kStarterManifest,
      .manifest_rules = &gcp::check_manifest_rules,
      .fix_writer = &gcp::write_fix,
      .scope_problem = &gcp::scope_problem,
  };
  return row;
}

}  // namespace scopegate::providers
