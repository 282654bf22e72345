// Generic: the manifest says where the answer holds the scopes, either a JSON
// pointer into the body or a header, split by space or comma, or a JSON array.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/expand.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
std::string_view separators_for(manifest::SplitMode mode) {
  switch (mode) {
    case manifest::SplitMode::kSpace: return " \t";
    case manifest::SplitMode::kComma: return ", \t";
    case manifest::SplitMode::kJsonArray: return "";
  }
  return "";
}

class GenericProvider final : public Provider {
 public:
  explicit GenericProvider(const manifest::ProviderSpec& spec) : spec_(spec) {}

  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (auto failure = facts_for_failure_status(response)) return *failure;
    TokenFacts facts;
    std::string error;
    boost::json::value root;
    const bool parsed = parse_json_body(response.body, &root, &error);
    if (spec_.scopes && !read_scopes(response, parsed ? &root : nullptr, error, &facts))
      return facts;
    if (!spec_.scopes)
      facts.unverifiable_reason = "the provider declares no scope list; only probes can prove scopes";
    if (!parsed) return facts;
    if (spec_.key_name) facts.key_name = string_at(root, spec_.key_name->value);
    if (spec_.key_prefix) facts.key_prefix = string_at(root, spec_.key_prefix->value);
    if (spec_.expires_at && !read_expiry(root, spec_.expires_at->value, &facts, &error))
      facts.notes.push_back(error);
    return facts;
  }

 private:
  bool read_scopes(const net::HttpResponse& response, const boost::json::value* root,
                   const std::string& parse_error, TokenFacts* facts) const {
    const manifest::ScopeLocation& where = *spec_.scopes;
    facts->scopes_listed = true;
    if (!where.header.value.empty()) {
      const auto value = response.header(where.header.value);
      if (!value) {
        *facts = TokenFacts::failed("the answer has no " + where.header.value + " header");
        return false;
      }
      // Headers are text: "a, b" and "a b" both read as two scopes unless `split: space`.
      facts->granted = where.split == manifest::SplitMode::kSpace ? util::split_any(*value, " \t")
                                                                  : util::split_scope_list(*value);
      return true;
    }
    if (!root) {
      *facts = TokenFacts::failed(parse_error);
      return false;
    }
    std::string error;
    if (!string_list_at(*root, where.json_pointer.value, separators_for(where.split), &facts->granted,
                        &error)) {
      *facts = TokenFacts::failed("cannot read the scopes: " + error);
      return false;
    }
    return true;
  }

  const manifest::ProviderSpec& spec_;

 protected:
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    if (spec_.request) co_return co_await Provider::ask(context);
    TokenFacts facts;  // probes only
    facts.unverifiable_reason = "the provider declares no scope list; only probes can prove scopes";
    co_await run_probes(context, facts);
    co_return facts;
  }

  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    const util::EnvironmentWith environment = with_token(context);
    auto request = make_request(context, spec_.request->method,
                                util::expand_variables(spec_.request->url.value, context.environment).text, error);
    if (!request || spec_.request->form.empty()) return request;
    std::vector<std::string> fields;
    for (const manifest::Header& field : spec_.request->form)
      fields.push_back(util::percent_encode(field.name) + "=" +
                       util::percent_encode(util::expand_variables(field.value.value, environment).text));
    request->body = util::join(fields, "&");
    request->headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return request;
  }

  // The manifest's headers carry the credentials (${TOKEN}); without any, Bearer.
  void authorize(const LiveContext& context, net::HttpRequest& request) const override {
    if (!spec_.request || spec_.request->headers.empty()) return Provider::authorize(context, request);
    const util::EnvironmentWith environment = with_token(context);
    for (const manifest::Header& header : spec_.request->headers)
      request.headers.emplace_back(header.name, util::expand_variables(header.value.value, environment).text);
  }

 private:
  // The environment plus TOKEN, for expanding the manifest's headers and form.
  static util::EnvironmentWith with_token(const LiveContext& context) {
    return util::EnvironmentWith(context.environment, "TOKEN", context.token);
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace generic {
std::unique_ptr<Provider> create(const manifest::ProviderSpec& spec) {
  return std::make_unique<GenericProvider>(spec);
}

// How to ask (a request, probes, or both), and where the answer lists the scopes.
void manifest_rules(const manifest::ProviderSpec& provider, manifest::Diagnostics& diagnostics) {
  const std::string name = util::quoted(provider.name);
  if (!provider.request && provider.probes.empty())
    diagnostics.error(provider.where, "provider " + name + " needs request (how to ask for the token's "
                                      "scopes) or probes");
  if (provider.request && !provider.scopes)
    diagnostics.error(provider.where, "provider " + name + " needs scopes (where the answer lists them: a "
                                      "JSON pointer such as /scopes, or header:NAME)");
  if (provider.require_key_prefix && !provider.key_prefix)
    diagnostics.error(provider.require_key_prefix->where,
                      "require_key_prefix needs key_prefix: the JSON pointer to the prefix in the answer, such as "
                      "/keyPrefix");
}

// `scopegate init --preset generic`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  billing:
    preset: generic
    request:
      method: GET
      url: https://billing.example.com/v1/token/info
      headers:
        Authorization: Bearer ${TOKEN}   # ${TOKEN} is the token; it is sent only here
    token_env: BILLING_API_TOKEN
    scopes: /scopes                  # a JSON pointer into the answer, or header:NAME
    split: none                      # none (a JSON array), space or comma
    key_name: /name
    wildcards: ":"                   # invoices:* covers invoices:read
    implies:
      admin: [invoices:*, customers:*]

features:
  read-invoices:
    description: Download invoices
    requires: [invoices:read]
  update-customers:
    description: Sync customer records
    requires: [customers:write]
)";
}  // namespace generic

const PresetInfo& generic_preset() {
  static const PresetInfo row{
      .name = "generic",
      .summary = "any HTTP API (request, JSON pointer or header, probes)",
      .fix_template = "grant {scopes} to the token[ at {page}]",
      .own_keys = {"request", "scopes", "split", "key_name", "key_prefix", "expires_at"},
      .create = &generic::create,
      .reports_key_prefix = true,
      .starter_manifest = generic::kStarterManifest,
      .manifest_rules = &generic::manifest_rules,
  };
  return row;
}

}  // namespace scopegate::providers
