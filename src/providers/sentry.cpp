// Sentry: GET {base}/api/0/ with the token as a bearer
//   -> {"version": "0", "auth": {"scopes": [...]}, "user": {"email", "username"} | null}
// "auth" is null when the request carried no token Sentry knows; 401
// {"detail": "Invalid token"} when it carried a bad one (more-providers.md).
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"

namespace scopegate::providers {

namespace {
class SentryProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    const auto* auth = root.is_object() ? root.get_object().if_contains("auth") : nullptr;
    if (!auth) return TokenFacts::failed("Sentry's answer has no \"auth\" member: is base_url a Sentry server?");
    if (auth->is_null()) return TokenFacts::rejected("Sentry does not know the token (its answer has \"auth\": null)");

    TokenFacts facts;
    std::string error;
    if (!string_list_at(root, "/auth/scopes", "", &facts.granted, &error))
      return TokenFacts::failed("cannot read Sentry's answer: " + error);
    facts.scopes_listed = true;
    facts.account = string_at(root, "/user/email");
    if (!facts.account) facts.account = string_at(root, "/user/username");
    facts.expiry_problem = "Sentry's answer does not say when the token expires";
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/api/0/", error);
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace sentry {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<SentryProvider>();
}

const scope::VocabularyData& vocabulary() {
  // docs.sentry.io/api/permissions/: for each resource, admin includes write,
  // write includes read (Sentry's scope hierarchy).
  static const scope::VocabularyData data{
      "",
      false,
      {
          {"org:admin", {"org:write"}},       {"org:write", {"org:read"}},
          {"project:admin", {"project:write"}}, {"project:write", {"project:read"}},
          {"team:admin", {"team:write"}},     {"team:write", {"team:read"}},
          {"member:admin", {"member:write"}}, {"member:write", {"member:read"}},
          {"event:admin", {"event:write"}},   {"event:write", {"event:read"}},
          {"alerts:write", {"alerts:read"}},
          // An organization token's one scope lets sentry-cli create releases
          // and upload source maps (docs.sentry.io, "Organization Tokens").
          {"org:ci", {"project:releases"}},
      },
      {
          {"org:read", ""},      {"org:write", ""},      {"org:admin", ""},      {"org:integrations", ""},
          {"org:ci", ""},        {"project:read", ""},   {"project:write", ""},  {"project:admin", ""},
          {"project:releases", ""}, {"team:read", ""},   {"team:write", ""},     {"team:admin", ""},
          {"member:read", ""},   {"member:write", ""},   {"member:admin", ""},   {"member:invite", ""},
          {"event:read", ""},    {"event:write", ""},    {"event:admin", ""},    {"alerts:read", ""},
          {"alerts:write", ""},  {"openid", ""},         {"profile", ""},        {"email", ""},
      },
      {},
      false,  // Sentry adds scopes now and then; an unknown name is a warning, not an error
      "Sentry",
  };
  return data;
}

// `scopegate init --preset sentry`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  sentry:
    preset: sentry
    base_url: https://sentry.io        # or your self-hosted Sentry
    token_env: SENTRY_AUTH_TOKEN       # the variable sentry-cli reads

features:
  releases:
    description: Create a release and upload source maps
    requires: [project:releases]
  resolve-issues:
    description: Resolve the issues a release fixes
    requires: [event:write]
)";
}  // namespace sentry

const PresetInfo& sentry_preset() {
  static const PresetInfo row{
      .name = "sentry",
      .summary = "Sentry auth tokens (GET /api/0/, auth.scopes)",
      .default_base_url = "https://sentry.io",
      .default_token_env = "SENTRY_AUTH_TOKEN",
      .default_token_page = "{base}/settings/account/api/auth-tokens/",
      .fix_template = "create a token with {scopes}[ at {page}] (Sentry cannot change an existing token's scopes)",
      .vocabulary = &sentry::vocabulary,
      .create = &sentry::create,
      .starter_manifest = sentry::kStarterManifest,
  };
  return row;
}

}  // namespace scopegate::providers
