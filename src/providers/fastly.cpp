// Fastly: GET https://api.fastly.com/tokens/self with the token in Fastly-Key
//   -> {"name", "scope": "global purge_all" | "scopes": [...], "expires_at": "..." | "" | null,
//       "services": ["SERVICE_ID", ...]}
// A token whose `services` is not empty works on those services only
// (more-providers.md); `resource:` names the service the pipeline uses.
#include <algorithm>
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
// The token's scopes: `scopes` (an array) where the answer has it, else
// `scope` (space separated), as Fastly has written both.
bool read_scopes(const boost::json::value& root, TokenFacts& facts, std::string* error) {
  const bool has_array = root.is_object() && root.get_object().contains("scopes");
  return string_list_at(root, has_array ? "/scopes" : "/scope", " ", &facts.granted, error);
}

// Fastly writes "" (and sometimes null) for a token that never expires.
bool read_fastly_expiry(const boost::json::value& root, TokenFacts& facts, std::string* error) {
  if (string_at(root, "/expires_at") == std::optional<std::string>("")) {
    facts.expiry_known = true;
    return true;
  }
  return read_expiry(root, "/expires_at", &facts, error);
}

// A token limited to services reaches `resource` only if it is one of them;
// with no resource named, what it may do where the pipeline works is unknown.
void limit_to_services(const std::vector<std::string>& services, const std::string& resource, TokenFacts& facts) {
  if (services.empty()) return;
  const std::string list = util::join(services, ", ");
  if (resource.empty()) {
    facts.notes.push_back("the token holds " + (facts.granted.empty() ? "no scope" : util::join(facts.granted, ", ")) +
                          ", on services " + list + " only");
    facts.granted.clear();
    facts.scopes_listed = false;
    facts.unverifiable_reason = "the token is limited to services " + list +
                                "; name the service the pipeline uses as resource: to check it";
    return;
  }
  facts.resource = resource;
  if (std::find(services.begin(), services.end(), resource) != services.end()) return;
  facts.resource_unreachable = true;
  facts.notes.push_back("the token is limited to services " + list + ", not " + resource);
  facts.granted.clear();  // nothing it holds reaches this service
}

class FastlyProvider final : public Provider {
 public:
  // A saved answer is read with the manifest's resource as written; one
  // that needs ${VAR} expanded is known only in a live check.
  explicit FastlyProvider(const manifest::ProviderSpec& spec)
      : written_resource_(spec.resource && spec.resource->value.find("${") == std::string::npos
                              ? spec.resource->value
                              : std::string()) {}

  TokenFacts interpret(const net::HttpResponse& response) const override { return read(response, written_resource_); }

  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    std::string error;
    auto request = make_request(context, "GET", "/tokens/self", &error);
    if (!request) co_return TokenFacts::failed(error);
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    if (!outcome.response) co_return TokenFacts::failed(outcome.error);
    co_return read(*outcome.response, context.resource);
  }

 protected:
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    request.headers.emplace_back("Fastly-Key", context.token);
  }

 private:
  static TokenFacts read(const net::HttpResponse& response, const std::string& resource) {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    TokenFacts facts;
    std::string error;
    if (!read_scopes(root, facts, &error)) return TokenFacts::failed("cannot read Fastly's answer: " + error);
    facts.scopes_listed = true;
    facts.key_name = string_at(root, "/name");
    if (!read_fastly_expiry(root, facts, &error)) facts.notes.push_back(error);
    std::vector<std::string> services;
    const bool has_services = root.is_object() && root.get_object().contains("services") &&
                              !root.get_object().at("services").is_null();
    if (has_services && !string_list_at(root, "/services", "", &services, &error))
      return TokenFacts::failed("cannot read Fastly's answer: " + error);
    limit_to_services(services, resource, facts);
    return facts;
  }

  std::string written_resource_;
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace fastly {
std::unique_ptr<Provider> create(const manifest::ProviderSpec& spec) {
  return std::make_unique<FastlyProvider>(spec);
}

const scope::VocabularyData& vocabulary() {
  // docs.fastly.com, "API token scopes": global includes the others.
  static const scope::VocabularyData data{
      "",
      false,
      {{"global", {"global:read", "purge_select", "purge_all"}}},
      {
          {"global", "Access to all endpoints"},
          {"global:read", "Read-only access to all endpoints"},
          {"purge_select", "Purge by URL or surrogate key"},
          {"purge_all", "Purge all of a service's content"},
      },
      {},
      true,  // Fastly's four scopes
      "Fastly",
  };
  return data;
}

// A token cannot be changed: the fix is a new one, for the service too
// when the old one could not reach it.
std::string fix(const FixRequest& request) {
  std::string text = "create a token with " + missing_in_prose(request);
  if (request.facts.resource_unreachable) text += " for service " + request.facts.resource + " (or all services)";
  if (!request.token_page.empty()) text += " at " + std::string(request.token_page);
  return text + " (Fastly cannot change an existing token)";
}

// `scopegate init --preset fastly`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  fastly:
    preset: fastly
    token_env: FASTLY_API_TOKEN        # the variable the fastly CLI reads
    # resource: SERVICE_ID             # the service, for a token limited to some services

features:
  purge:
    description: Purge the CDN after a deploy
    requires:
      any: [purge_all, purge_select]
  activate:
    description: Activate the new service version
    requires: [global]
)";
}  // namespace fastly

const PresetInfo& fastly_preset() {
  static const PresetInfo row{
      .name = "fastly",
      .summary = "Fastly API tokens (GET /tokens/self, scopes and services)",
      .default_base_url = "https://api.fastly.com",
      .default_token_env = "FASTLY_API_TOKEN",
      .default_token_page = "https://manage.fastly.com/account/personal/tokens",
      .fix_template = "create a token with {scopes}[ at {page}] (Fastly cannot change an existing token)",
      .own_keys = {"resource"},
      .vocabulary = &fastly::vocabulary,
      .create = &fastly::create,
      .starter_manifest = fastly::kStarterManifest,
      .fix_writer = &fastly::fix,
  };
  return row;
}

}  // namespace scopegate::providers
