// Slack: POST https://slack.com/api/auth.test. Scopes arrive in the
// x-oauth-scopes header; failures arrive as HTTP 200 with {"ok": false}.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
bool is_rejection(std::string_view error) {
  return error == "invalid_auth" || error == "token_revoked" || error == "token_expired" ||
         error == "account_inactive" || error == "not_authed";
}

class SlackProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    const auto* ok = root.is_object() ? root.get_object().if_contains("ok") : nullptr;
    if (!ok || !ok->is_bool()) return TokenFacts::failed("Slack's answer has no \"ok\" field");
    if (!ok->get_bool()) {
      const std::string code = string_at(root, "/error").value_or("unknown_error");
      if (is_rejection(code)) return TokenFacts::rejected("Slack rejected the token: " + code);
      return TokenFacts::failed("Slack answered ok: false (" + code + ")");
    }
    TokenFacts facts;
    if (const auto scopes = response.header("x-oauth-scopes")) {
      facts.scopes_listed = true;
      facts.granted = util::split_scope_list(*scopes);
    } else {
      facts.unverifiable_reason = "Slack sent no x-oauth-scopes header with this answer";
    }
    const auto user = string_at(root, "/user");
    const auto team = string_at(root, "/team");
    if (user || team) facts.account = user.value_or("?") + (team ? " on " + *team : "");
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    auto request = make_request(context, "POST", "/api/auth.test", error);
    if (request) request->headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return request;
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace slack {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<SlackProvider>();
}

// {"ok": false, "error": "missing_scope", "needed": "chat:write", "provided": "..."}
std::string error_body_hint(const boost::json::value& body) {
  if (string_at(body, "/error") != std::optional<std::string>("missing_scope")) return {};
  return "the provider says it needs scope " + string_at(body, "/needed").value_or("(unnamed)");
}

// `scopegate init --preset slack`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  slack:
    preset: slack
    token_env: SLACK_BOT_TOKEN

features:
  notify:
    description: Post the release notes
    requires: [chat:write]
  find-channel:
    description: Look up the release channel by name
    requires:
      any: [channels:read, groups:read]
)";
}  // namespace slack

const PresetInfo& slack_preset() {
  static const PresetInfo row{
      .name = "slack",
      .summary = "Slack tokens (POST /api/auth.test, x-oauth-scopes)",
      .default_base_url = "https://slack.com",
      .default_token_env = "SLACK_TOKEN",
      .default_token_page = "https://api.slack.com/apps",
      .fix_template = "add {scopes} under OAuth & Permissions[ at {page}], then reinstall the app",
      .create = &slack::create,
      .starter_manifest = slack::kStarterManifest,
      .error_body_hint = &slack::error_body_hint,
  };
  return row;
}

}  // namespace scopegate::providers
