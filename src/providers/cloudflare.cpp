// Cloudflare API tokens, in two steps (more-providers.md):
//   GET /client/v4/user/tokens/verify -> {"success": true, "result": {"id", "status", "expires_on"}}
//   (an account-owned token: /client/v4/accounts/{resource}/tokens/..., the
//   account id as resource:, developers.cloudflare.com "Account API tokens")
//     status other than "active" (disabled, expired) rejects the token;
//   GET /client/v4/user/tokens/{id}  -> {"result": {"name", "policies": [{"effect": "allow",
//     "permission_groups": [{"name": "Workers Scripts Write"}], "resources": {...}}]}}
//     which only a token holding "API Tokens Read" may ask; without it the
//     scopes are unverifiable, and the report says which permission would tell.
// Failures: {"success": false, "errors": [{"code", "message"}]} at 401/403.
// A permission group's name, spaces and all, is one scope.
#include <algorithm>
#include <array>
#include <cctype>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
constexpr std::string_view kReadPolicies = "API Tokens Read";

// A token or account id goes into a URL path: only the hex Cloudflare issues is sent.
bool is_hex_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 &&
         std::all_of(id.begin(), id.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// "X Write" (the dashboard's Edit) includes "X Read": developers.cloudflare.com,
// "API token permissions" (Edit is full create, read, update, delete, list).
bool cloudflare_write_covers_read(std::string_view granted, std::string_view required) {
  constexpr std::string_view kWrite = " Write", kRead = " Read";
  return granted.size() > kWrite.size() && granted.ends_with(kWrite) && required.ends_with(kRead) &&
         granted.substr(0, granted.size() - kWrite.size()) == required.substr(0, required.size() - kRead.size());
}

// An account id: 32 hexadecimal digits.
bool is_account_id(std::string_view id) { return id.size() == 32 && is_hex_id(id); }

// Cloudflare's first error, "message (code N)"; nullopt when there is none.
std::optional<std::string> first_error_in(const boost::json::value& root) {
  const auto message = string_at(root, "/errors/0/message");
  if (!message) return std::nullopt;
  boost::json::error_code code;
  const auto* number = root.find_pointer("/errors/0/code", code);
  return number && number->is_int64() ? *message + " (code " + std::to_string(number->as_int64()) + ")" : *message;
}

std::string first_error(std::string_view body) {
  boost::json::value root;
  std::string error;
  if (!parse_json_body(body, &root, &error)) return error_message_of(body);
  return first_error_in(root).value_or(error_message_of(body));
}

// `facts` becomes `outcome`, and there is no token id to ask with.
std::optional<std::string> ending(TokenFacts& facts, TokenFacts outcome) {
  facts = std::move(outcome);
  return std::nullopt;
}

// The verify answer: status and expiry, into `facts`; the token id, or
// nullopt with `facts` rejected or failed.
std::optional<std::string> read_verify(const boost::json::value& root, TokenFacts& facts) {
  const auto status = string_at(root, "/result/status");
  if (const auto refusal = first_error_in(root); !status && refusal)  // {"success": false} at HTTP 200
    return ending(facts, TokenFacts::failed("Cloudflare answered: " + *refusal));
  if (!status) return ending(facts, TokenFacts::failed("Cloudflare's answer has no \"result/status\""));
  if (*status != "active") return ending(facts, TokenFacts::rejected("Cloudflare says the token is " + *status));
  std::string error;
  boost::json::error_code code;
  if (!root.find_pointer("/result/expires_on", code)) facts.expiry_known = true;  // none: it never expires
  else if (!read_expiry(root, "/result/expires_on", &facts, &error)) facts.notes.push_back(error);
  const auto id = string_at(root, "/result/id");
  if (!id || !is_hex_id(*id)) return ending(facts, TokenFacts::failed("Cloudflare's answer has no usable token id"));
  return id;
}

// The details answer's policies: allowed permission groups are granted;
// deny policies and resource limits are said, since names alone hide them.
bool read_policies(const boost::json::value& root, TokenFacts& facts, std::string* error) {
  boost::json::error_code code;
  const auto* policies = root.find_pointer("/result/policies", code);
  if (!policies || !policies->is_array()) return fail_with(error, "\"result/policies\" is not an array");
  std::vector<std::string> denied;
  for (const auto& policy : policies->get_array()) {
    std::vector<std::string> names;
    const auto* groups = policy.is_object() ? policy.get_object().if_contains("permission_groups") : nullptr;
    if (!groups || !groups->is_array()) return fail_with(error, "a policy has no \"permission_groups\" array");
    for (const auto& group : groups->get_array()) {
      const auto name = string_at(group, "/name");
      if (!name) return fail_with(error, "a permission group has no \"name\"");
      names.push_back(*name);
    }
    auto& into = string_at(policy, "/effect") == std::optional<std::string>("deny") ? denied : facts.granted;
    into.insert(into.end(), names.begin(), names.end());
  }
  facts.scopes_listed = true;
  facts.key_name = string_at(root, "/result/name");
  // A deny's resources may be all or some of an allow's: what it names is
  // held somewhere, perhaps not where the pipeline works. Never ok, then.
  // Through "X Write covers X Read" too: a denied Read unsettles its Write.
  std::erase_if(facts.granted, [&](const std::string& name) {
    const bool also_denied = std::any_of(denied.begin(), denied.end(), [&](const std::string& deny) {
      return deny == name || cloudflare_write_covers_read(name, deny);
    });
    if (also_denied) facts.unsettled.push_back(name);
    return also_denied;
  });
  for (const std::string& deny : denied)
    if (std::find(facts.unsettled.begin(), facts.unsettled.end(), deny) == facts.unsettled.end() &&
        std::any_of(facts.unsettled.begin(), facts.unsettled.end(),
                    [&](const std::string& held) { return cloudflare_write_covers_read(held, deny); }))
      facts.unsettled.push_back(deny);
  if (!denied.empty())
    facts.notes.push_back("deny policies take " + util::join(denied, ", ") + " away on some resources or all");
  if (!facts.granted.empty())
    facts.notes.push_back("each policy also names its resources (accounts, zones): scopegate checks the permissions, "
                          "not which zones they reach");
  return true;
}

class CloudflareProvider final : public Provider {
 public:
  // A saved answer may be either step's: the details, or the verify answer alone.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_answer(response, &root)) return *failure;
    TokenFacts facts;
    std::string error;
    boost::json::error_code code;
    if (root.find_pointer("/result/policies", code)) {
      if (!read_policies(root, facts, &error)) return TokenFacts::failed("cannot read Cloudflare's answer: " + error);
      return facts;
    }
    if (!read_verify(root, facts)) return facts;
    facts.unverifiable_reason = policies_unseen();
    return facts;
  }

  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    std::string error;
    // A user's token, or an account's (resource: its id, checked as hex by the manifest rules).
    const std::string tokens = !is_account_id(context.resource)
                                   ? "/client/v4/user/tokens/"
                                   : "/client/v4/accounts/" + context.resource + "/tokens/";
    auto verify = make_request(context, "GET", tokens + "verify", &error);
    if (!verify) co_return TokenFacts::failed(error);
    const net::HttpOutcome verified = co_await send(context, std::move(*verify));
    if (!verified.response) co_return TokenFacts::failed(verified.error);
    boost::json::value root;
    if (auto failure = read_answer(*verified.response, &root)) {
      if (failure->outcome == TokenFacts::Outcome::kRejected && context.resource.empty())
        failure->error += "; an account-owned token is verified under its account: set resource: to the account id";
      co_return *failure;
    }
    TokenFacts facts;
    const auto id = read_verify(root, facts);
    if (!id) co_return facts;
    auto details = make_request(context, "GET", tokens + *id, &error);
    if (!details) co_return TokenFacts::failed(error);
    const net::HttpOutcome outcome = co_await send(context, std::move(*details));
    co_return read_details(outcome, std::move(facts), is_account_id(context.resource));
  }

 private:
  // 401 and 403 with success: false are Cloudflare refusing the token.
  static std::optional<TokenFacts> read_answer(const net::HttpResponse& response, boost::json::value* root) {
    if (response.status == 401 || response.status == 403)
      return TokenFacts::rejected("Cloudflare rejected the token (HTTP " + std::to_string(response.status) + ": " +
                                  first_error(response.body) + ")");
    return read_success_json(response, root);
  }

  // An account's token reads its policies with the account's permission.
  static std::string policies_unseen(bool account_owned = false) {
    return "the token may not read its own policies: grant it \"" + std::string(account_owned ? "Account " : "") +
           std::string(kReadPolicies) + "\" to let scopegate see them";
  }

  static TokenFacts read_details(const net::HttpOutcome& outcome, TokenFacts facts, bool account_owned) {
    if (!outcome.response) return TokenFacts::failed(outcome.error);
    const net::HttpResponse& response = *outcome.response;
    if (response.status == 403 || response.status == 401) {
      facts.unverifiable_reason = policies_unseen(account_owned);
      return facts;
    }
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    std::string error;
    if (!read_policies(root, facts, &error)) return TokenFacts::failed("cannot read Cloudflare's answer: " + error);
    return facts;
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace cloudflare {
// The preset's grant rule (below, in the row).
bool write_covers_read(std::string_view granted, std::string_view required) {
  return cloudflare_write_covers_read(granted, required);
}

std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<CloudflareProvider>();
}

// A permission group's key and level in a token template link
// (dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=...).
// *Unverified*: one table to correct.
struct TemplateKey {
  std::string_view name, key, type;
};
constexpr std::array<TemplateKey, 14> kTemplateKeys{{
    {"Workers Scripts Write", "workers_scripts", "edit"},
    {"Workers Scripts Read", "workers_scripts", "read"},
    {"Workers KV Storage Write", "workers_kv_storage", "edit"},
    {"Workers R2 Storage Write", "workers_r2", "edit"},
    {"Workers Routes Write", "workers_routes", "edit"},
    {"Pages Write", "page", "edit"},
    {"Zone Read", "zone", "read"},
    {"Zone Write", "zone", "edit"},
    {"DNS Read", "dns", "read"},
    {"DNS Write", "dns", "edit"},
    {"Cache Purge", "cache_purge", "purge"},
    {"Account Settings Read", "account_settings", "read"},
    {"API Tokens Read", "api_tokens", "read"},
    {"User Details Read", "user_details", "read"},
}};

const TemplateKey* template_key(std::string_view name) {
  for (const TemplateKey& key : kTemplateKeys)
    if (key.name == name) return &key;
  return nullptr;
}

// The link that opens a new token's form with `names` filled in; "" when
// one of them is not in the table.
std::string template_link(const std::vector<std::string>& names, std::string_view provider) {
  boost::json::array keys;
  for (const std::string& name : names) {
    const TemplateKey* key = template_key(name);
    if (!key) return {};
    keys.push_back(boost::json::object{{"key", key->key}, {"type", key->type}});
  }
  return "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=" +
         util::percent_encode(boost::json::serialize(keys)) + "&name=" +
         util::percent_encode("scopegate " + std::string(provider));
}

// Cloudflare edits a token in place; a template link makes a new one.
std::string fix(const FixRequest& request) {
  std::vector<std::string> first;
  for (const auto& group : request.scopes) first.push_back(group.front());
  std::string text = "add " + missing_in_prose(request) + " to the token's permissions";
  const std::string account(request.spec.resource ? request.spec.resource->value : "");
  if (is_account_id(account))  // an account's tokens are on its own page (*unverified* path)
    return text + " at https://dash.cloudflare.com/" + account + "/api-tokens";
  if (!request.token_page.empty()) text += " at " + std::string(request.token_page);
  if (const std::string link = template_link(first, request.spec.name); !link.empty())
    text += ", or create a token with them at " + link;
  return text;
}

const scope::VocabularyData& vocabulary() {
  // A few of developers.cloudflare.com's permission groups, for did-you-mean; the list is open.
  static const scope::VocabularyData data{
      "",
      false,
      {},
      {
          {"Workers Scripts Write", ""}, {"Workers Scripts Read", ""}, {"Workers KV Storage Write", ""},
          {"Workers R2 Storage Write", ""}, {"Workers Routes Write", ""}, {"Pages Write", ""},
          {"Zone Read", ""}, {"Zone Write", ""}, {"DNS Read", ""}, {"DNS Write", ""}, {"Cache Purge", ""},
          {"Account Settings Read", ""}, {"API Tokens Read", ""}, {"API Tokens Write", ""},
          {"User Details Read", ""},
      },
      {},
      false,
      "Cloudflare",
  };
  return data;
}

// A permission group's name is words separated by single spaces ("Zone
// Read"); a comma means two names written as one.
std::string scope_problem(std::string_view scope) {
  if (scope.find(',') != std::string_view::npos)
    return "scope " + util::quoted(scope) + " holds a comma; write each permission group as its own list item";
  if (scope.front() == ' ' || scope.back() == ' ' || scope.find("  ") != std::string_view::npos)
    return "scope " + util::quoted(scope) +
           " is not a permission group's name: words separated by single spaces, such as 'Zone Read'";
  return {};
}

// resource: is the account id an account-owned token belongs to.
void check_manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  if (!provider.resource) return;
  const std::string& value = provider.resource->value;
  if (value.find("${") == std::string::npos && !is_account_id(value))
    diagnostics.error(provider.resource->where, "resource " + util::quoted(value) +
                                                    " is not a Cloudflare account id (32 hexadecimal digits)");
}

// `scopegate init --preset cloudflare`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  cloudflare:
    preset: cloudflare
    token_env: CLOUDFLARE_API_TOKEN    # the variable wrangler reads
    # resource: ACCOUNT_ID             # for an account-owned token
    # Give the token "API Tokens Read" too, or its permissions stay unverifiable.

features:
  deploy-worker:
    description: Deploy the Worker
    requires: [Workers Scripts Write]
  purge:
    description: Purge the cache after a deploy
    requires: [Cache Purge]
)";
}  // namespace cloudflare

const PresetInfo& cloudflare_preset() {
  static const PresetInfo row{
      .name = "cloudflare",
      .summary = "Cloudflare API tokens (GET /client/v4/user/tokens/verify, then the token's policies)",
      .default_base_url = "https://api.cloudflare.com",
      .default_token_env = "CLOUDFLARE_API_TOKEN",
      .default_token_page = "https://dash.cloudflare.com/profile/api-tokens",
      .fix_template = "add {scopes} to the token's permissions[ at {page}]",
      .own_keys = {"resource"},
      .vocabulary = &cloudflare::vocabulary,
      .grant_rule = &cloudflare::write_covers_read,
      .create = &cloudflare::create,
      .starter_manifest = cloudflare::kStarterManifest,
      .manifest_rules = &cloudflare::check_manifest_rules,
      .fix_writer = &cloudflare::fix,
      .scope_problem = &cloudflare::scope_problem,
  };
  return row;
}

}  // namespace scopegate::providers
