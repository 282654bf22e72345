// Docker Hub: a personal access token is exchanged for a JWT whose claims
// say what the token may do (more-providers.md, "dockerhub"):
//   POST {base}/v2/users/login {"username": U, "password": TOKEN}
//     -> 200 {"token": JWT}, the JWT's claims carrying `scope` and `exp`
//     -> 401 for a user name and token that do not go together
// The JWT is as secret as the token: it is registered with the redactor
// before the answer is read (LiveContext::redactor live, answer_secrets for
// a saved answer). The user name is no secret and is not registered.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "providers/claims.h"
#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace dockerhub {
namespace {
namespace json = boost::json;

constexpr std::string_view kLoginPath = "/v2/users/login";
constexpr std::string_view kDefaultUsernameVariable = "DOCKERHUB_USERNAME";
constexpr std::size_t kMaxUsernameBytes = 256;

// *Unverified* (more-providers.md names `scope` and `exp`, not their
// shapes): where the login JWT says what the token may do, read as a
// space-separated string or an array; and where it names the account.
struct ClaimTable {
  std::string scope;
  std::vector<std::string_view> account;  // JSON pointers, the first present wins
};
const ClaimTable& claim_table() {
  static const ClaimTable table{"scope", {"/username", "/sub"}};
  return table;
}

// The members of the login answer that are credentials: registered with
// the redactor whatever their shape.
constexpr std::string_view kSecretMembers[] = {"token", "refresh_token", "access_token"};

// Docker Hub's access permissions for a personal access token, strongest
// first, and the scope each puts in the JWT (the token form's choices).
struct Access {
  std::string_view scope;
  std::string_view permission;
};
constexpr Access kAccess[] = {
    {"repo:admin", "Read, Write, Delete"},
    {"repo:write", "Read & Write"},
    {"repo:read", "Read-only"},
    {"repo:public_read", "Public Repo Read-only"},
};

// The user name the login pairs with the token; nullopt with why (exit 2).
std::optional<std::string> read_username(const LiveContext& context, std::string* error) {
  const std::string variable =
      context.spec.username_env ? context.spec.username_env->value : std::string(kDefaultUsernameVariable);
  auto name = context.environment.get_non_empty(variable);
  if (!name) {
    *error = variable +
             " is not set: Docker Hub's login pairs the token with the account's user name "
             "(username_env: names the variable); nothing was sent";
    return std::nullopt;
  }
  if (name->size() > kMaxUsernameBytes) *error = variable + " is longer than a user name can be";
  for (std::size_t i = 0; i < name->size() && error->empty(); ++i)
    if (static_cast<unsigned char>((*name)[i]) < 0x20 || (*name)[i] == 0x7f)
      *error = variable + " has " + util::describe_character(*name, i) + " at byte " + std::to_string(i + 1);
  if (!error->empty()) {
    *error += ", so it cannot be a user name; nothing was sent";
    return std::nullopt;
  }
  return name;
}

// What the JWT's claims say of the token.
TokenFacts facts_from_claims(const json::value& claims) {
  const ClaimTable& table = claim_table();
  TokenFacts facts;
  ClaimScopes scopes;
  std::string error;
  if (!read_scope_claims(claims, {table.scope}, &scopes, &error))
    return TokenFacts::failed("cannot read the JWT of Docker Hub's login answer: " + error);
  facts.scopes_listed = !scopes.present.empty();
  facts.granted = std::move(scopes.granted);
  if (!facts.scopes_listed)
    facts.unverifiable_reason = "the JWT of Docker Hub's login answer carries no " + table.scope + " claim";
  // The JWT's exp ends the login session just made, not the personal access
  // token, whose expiry Docker Hub's answer does not say.
  facts.expiry_problem = "Docker Hub's login answer says when its session ends, not when the token expires";
  for (const std::string_view pointer : table.account)
    if (!facts.account) facts.account = string_at(claims, pointer);
  facts.notes.push_back(
      "scopes read from the claims of the JWT Docker Hub's login answered, without checking its "
      "signature");
  return facts;
}

// Docker Hub's words in an error answer: {"detail": "..."}, else the usual
// shapes (providers/json_helpers.h); " (HTTP 401: words)".
std::string status_said(const net::HttpResponse& response) {
  json::value root;
  std::string error;
  std::optional<std::string> said;
  if (parse_json_body(response.body, &root, &error)) said = string_at(root, "/detail");
  if (!said) said = error_message_of(response.body);
  return "HTTP " + std::to_string(response.status) + (said->empty() ? std::string() : ": " + *said);
}

class DockerhubProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (response.status == 401)
      return TokenFacts::rejected("Docker Hub refused the user name and token (" + status_said(response) + ")");
    if (response.status < 200 || response.status >= 300)
      return TokenFacts::failed("Docker Hub's login answered " + status_said(response));
    json::value root;
    std::string error;
    if (!parse_json_body(response.body, &root, &error))
      return TokenFacts::failed("Docker Hub's login answer cannot be read: " + error);
    const auto jwt = string_at(root, "/token");
    if (!jwt) return TokenFacts::failed("Docker Hub's login answer has no token (a string at \"token\")");
    json::value claims;
    if (!is_compact_jwt(*jwt) || !read_jwt_claims(*jwt, &claims, &error))
      return TokenFacts::failed("the token in Docker Hub's login answer is not a JWT with a JSON object of claims");
    return facts_from_claims(claims);
  }

  std::vector<std::string> answer_secrets(const net::HttpResponse& response) const override {
    json::value root;
    std::string error;
    std::vector<std::string> secrets;
    if (!parse_json_body(response.body, &root, &error) || !root.is_object()) return secrets;
    for (const std::string_view member : kSecretMembers)
      if (const auto* value = root.get_object().if_contains(member); value && value->is_string())
        secrets.emplace_back(value->get_string());
    return secrets;
  }

  // The login, with the token in its JSON body; the JWT it answers is
  // registered before anything reads the answer.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    std::string error;
    const auto username = read_username(context, &error);
    if (!username) co_return TokenFacts::misconfiguration(error);
    auto request = make_request(context, "POST", std::string(kLoginPath), &error);
    if (!request) co_return TokenFacts::failed(error);
    request->headers.emplace_back("Content-Type", "application/json");
    request->body = json::serialize(json::object{{"username", *username}, {"password", context.token}});
    request->follow_redirects = false;  // the body carries the token: to the login address alone
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    if (!outcome.response)
      co_return TokenFacts::failed("POST " + std::string(kLoginPath) + " failed: " + outcome.error);
    if (context.redactor)
      for (const std::string& secret : answer_secrets(*outcome.response)) context.redactor->add_secret(secret);
    co_return interpret(*outcome.response);
  }

 protected:
  void authorize(const LiveContext&, net::HttpRequest&) const override {}  // the token travels in the body
};
}  // namespace

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) { return std::make_unique<DockerhubProvider>(); }

// repo:admin > repo:write > repo:read > repo:public_read, labelled with the
// access permission that grants each. Open: the list is *unverified*.
const scope::VocabularyData& vocabulary() {
  static const scope::VocabularyData data{
      "",
      false,
      {{"repo:admin", {"repo:write"}}, {"repo:write", {"repo:read"}}, {"repo:read", {"repo:public_read"}}},
      {{kAccess[0].scope, kAccess[0].permission},
       {kAccess[1].scope, kAccess[1].permission},
       {kAccess[2].scope, kAccess[2].permission},
       {kAccess[3].scope, kAccess[3].permission}},
      {},
      false,
      "Docker Hub",
  };
  return data;
}

// One access permission covers all: the strongest one the missing scopes need.
std::string write_fix(const FixRequest& request) {
  const Access* strongest = std::end(kAccess);
  for (const std::vector<std::string>& group : request.scopes) {
    if (group.empty()) continue;
    const Access* found = std::find_if(std::begin(kAccess), std::end(kAccess),
                                       [&](const Access& access) { return access.scope == group.front(); });
    strongest = std::min(strongest, found);
  }
  if (strongest == std::end(kAccess)) return {};  // scopes of no known access: the row's template
  return "create a personal access token with the access permissions \"" + std::string(strongest->permission) + "\"" +
         (request.token_page.empty() ? std::string() : " at " + std::string(request.token_page)) +
         " (Docker Hub cannot change an existing token's access)";
}

// `scopegate init --preset dockerhub`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  hub:
    preset: dockerhub                 # logs in with the token and reads the scope of the JWT it gets
    token_env: DOCKERHUB_TOKEN        # a personal access token
    username_env: DOCKERHUB_USERNAME  # the account it belongs to (as docker login -u takes it)

features:
  pull:
    description: Pull the private base images
    requires: [repo:read]
  push:
    description: Push the release image
    requires: [repo:write]
    when: { env: CI_COMMIT_TAG }      # only on tag pipelines
)";
}  // namespace dockerhub

const PresetInfo& dockerhub_preset() {
  static const PresetInfo row{
      .name = "dockerhub",
      .summary = "Docker Hub personal access tokens (POST /v2/users/login, the JWT's scope claim)",
      .default_base_url = "https://hub.docker.com",
      .default_token_env = "DOCKERHUB_TOKEN",
      .default_token_page = "https://app.docker.com/settings/personal-access-tokens",  // *unverified* path
      .fix_template = "create a personal access token with {scopes}[ at {page}]",
      .own_keys = {"username_env"},
      .vocabulary = &dockerhub::vocabulary,
      .create = &dockerhub::create,
      .starter_manifest = dockerhub::kStarterManifest,
      .fix_writer = &dockerhub::write_fix,
  };
  return row;
}

}  // namespace scopegate::providers
