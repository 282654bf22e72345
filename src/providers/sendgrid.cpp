// SendGrid: GET https://api.sendgrid.com/v3/scopes with the API key as a bearer
//   -> {"scopes": ["mail.send", "templates.read", ...]}
// A bad key is 401 (or 403) {"errors": [{"field": null, "message": "authorization required"}]}
// (more-providers.md).
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"

namespace scopegate::providers {

namespace {
class SendgridProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    // Every key may read its own scopes: a 403 here is a key SendGrid refuses.
    if (response.status == 403)
      return TokenFacts::rejected("SendGrid refused the key (HTTP 403: " + error_message_of(response.body) + ")");
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    TokenFacts facts;
    std::string error;
    if (!string_list_at(root, "/scopes", "", &facts.granted, &error))
      return TokenFacts::failed("cannot read SendGrid's answer: " + error);
    facts.scopes_listed = true;
    facts.expiry_known = true;  // SendGrid API keys do not expire
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/v3/scopes", error);
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace sendgrid {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<SendgridProvider>();
}

// `scopegate init --preset sendgrid`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  sendgrid:
    preset: sendgrid
    token_env: SENDGRID_API_KEY

features:
  release-mail:
    description: Mail the release notes to subscribers
    requires: [mail.send]
  templates:
    description: Update the release-notes template
    requires: [templates.read, templates.versions.create]
)";
}  // namespace sendgrid

const PresetInfo& sendgrid_preset() {
  static const PresetInfo row{
      .name = "sendgrid",
      .summary = "SendGrid API keys (GET /v3/scopes)",
      .default_base_url = "https://api.sendgrid.com",
      .default_token_env = "SENDGRID_API_KEY",
      .default_token_page = "https://app.sendgrid.com/settings/api_keys",
      .fix_template = "give the API key {scopes}[ at {page}] (Edit API Key; SendGrid keeps the key's value)",
      .create = &sendgrid::create,
      .starter_manifest = sendgrid::kStarterManifest,
  };
  return row;
}

}  // namespace scopegate::providers
