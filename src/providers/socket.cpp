// Socket: no endpoint lists a token's scopes. GET /v0/quota proves the token
// is accepted; probes (sent by the live check) prove individual scopes.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "providers/socket_cli.h"
#include "util/redactor.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
constexpr const char* kNoListing = "Socket has no endpoint that lists a token's scopes; only a probe request can prove one";

// providers.md: a read probe's 2xx means granted, whichever 2xx it is.
std::vector<int> any_2xx() {
  std::vector<int> codes;
  for (int code = 200; code < 300; ++code) codes.push_back(code);
  return codes;
}

bool is_2xx(int status) { return status >= 200 && status < 300; }

// The organisation slugs in GET /v0/organizations:
// {"organizations": {"<id>": {"id", "name", "image", "plan", "slug"}}}
std::vector<std::string> organisation_slugs(const std::string& body) {
  boost::json::value root;
  std::string error;
  std::vector<std::string> slugs;
  if (!parse_json_body(body, &root, &error) || !root.is_object()) return slugs;
  const auto* organisations = root.get_object().if_contains("organizations");
  if (!organisations || !organisations->is_object()) return slugs;
  for (const auto& entry : organisations->get_object())
    if (auto slug = string_at(entry.value(), "/slug")) slugs.push_back(*slug);
  return slugs;
}

class SocketProvider final : public Provider {
 public:
  // The answer to GET /v0/quota: it proves the token works, not what it may do.
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
    TokenFacts facts;
    facts.unverifiable_reason = kNoListing;
    return facts;
  }

 protected:
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    std::string error;
    auto quota = make_request(context, "GET", "/v0/quota", &error);
    if (!quota) co_return TokenFacts::failed(error);
    const net::HttpOutcome outcome = co_await send(context, std::move(*quota));
    if (!outcome.response) co_return TokenFacts::failed(outcome.error);
    TokenFacts facts = interpret(*outcome.response);
    if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
    // Without probes (--no-probe) the organisation is not looked up either;
    // run_probes then only notes what was not probed.
    if (context.org.empty() && context.probes_enabled) co_await find_organisation(context, facts);
    if (facts.outcome != TokenFacts::Outcome::kAccepted) co_return facts;
    if (!context.org.empty() || !context.probes_enabled) co_await run_probes(context, facts);
    co_return facts;
  }

  std::vector<Probe> preset_probes(const LiveContext& context) const override {
    const std::string org = "/v0/orgs/" + util::percent_encode(context.org);
    return {
        {"socket-basics:read", "GET", org + "/settings/socket-basics", any_2xx(), {403}, {}},
        {"full-scans:list", "GET", org + "/full-scans?per_page=1", any_2xx(), {403}, {}},
        {"repo:list", "GET", org + "/repos?per_page=1", any_2xx(), {403}, {}},
        // No read-only request proves full-scans:create. This one carries no
        // files and no parameters, so it fails validation (400/422) once past
        // authorisation (403 means the scope is missing). Unverified upstream.
        {"full-scans:create", "POST", org + "/full-scans", {400, 422}, {403}, {}},
    };
  }

 private:
  boost::asio::awaitable<void> find_organisation(LiveContext& context, TokenFacts& facts) const {
    std::string error;
    auto request = make_request(context, "GET", "/v0/organizations", &error);
    if (!request) co_return;
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    if (outcome.response && outcome.response->status == 401) {  // as for /v0/quota: the token is rejected
      facts = TokenFacts::rejected("the provider rejected the token (HTTP 401 to GET /v0/organizations)");
      co_return;
    }
    if (!outcome.response || !is_2xx(outcome.response->status)) {
      facts.unverifiable_reason = std::string(kNoListing) + ", and the organisation to probe is unknown (set org:)";
      co_return;
    }
    const std::vector<std::string> slugs = organisation_slugs(outcome.response->body);
    if (slugs.size() == 1) {
      context.org = slugs.front();
      facts.notes.push_back("probing organisation " + slugs.front() + " (the only one the token sees)");
    } else if (slugs.empty()) {
      facts.unverifiable_reason = std::string(kNoListing) + ", and the token sees no organisation to probe";
    } else {
      facts.unverifiable_reason = std::string(kNoListing) + "; the token sees " + std::to_string(slugs.size()) +
                                  " organisations (" + util::join(slugs, ", ") + "), so set org: to the one to probe";
    }
  }
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace socket {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<SocketProvider>();
}

const scope::VocabularyData& vocabulary() {
  // Scope names are group:action; a bare group grants every group:* action.
  static const scope::VocabularyData data{
      ":",
      true,
      {},
      {},
      {"alerts", "alert-resolution", "api-tokens", "audit-log", "dependencies", "diff-scans",
       "entitlements", "fixes", "full-scans", "historical", "integration", "license-policy",
       "packages", "report", "repo", "repo-label", "security-policy", "socket-basics",
       "telemetry-policy", "threat-feed", "triage", "uploaded-artifacts", "webhooks"},
      false,  // Socket adds groups; this list may lag
      "Socket",
  };
  return data;
}

// {"error": {"message": "Insufficient permissions for API method ..."}}
std::string error_body_hint(const boost::json::value& body) {
  const auto message = string_at(body, "/error/message");
  if (!message || util::to_lower(*message).find("insufficient permissions") == std::string::npos) return {};
  return "the provider says: " + *message;
}

// `scopegate init --preset socket`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  socket:
    preset: socket
    token_env: SOCKET_SECURITY_API_KEY
    # org: my-org                    # the organisation slug; unset, the token's own is asked for

features:
  dashboard-config:
    description: Load the Socket Basics configuration from the dashboard
    requires: [socket-basics:read]
    when: { env_unset: SOCKET_BASICS_CONFIG }   # not needed with a JSON config file
    hint: In the Socket dashboard, Settings > API Tokens, give the token the socket-basics scope.
  submit-results:
    description: Submit scan results as a full scan
    requires: [full-scans:create]
    hint: In the Socket dashboard, Settings > API Tokens, give the token the full-scans scope.
  # A step that runs socket-cli can name its commands instead of scopes; the
  # scopes come from socket-cli's own table in the installed @socketsecurity/cli
  # (beside this file in node_modules, or npm's global one; else set
  # socket_cli: on the provider to the package directory):
  #   scan:
  #     requires: {socket-cli: [scan:create, fix]}
)";
}  // namespace socket

const PresetInfo& socket_preset() {
  static const PresetInfo row{
      .name = "socket",
      .summary = "Socket API tokens (probes; no scope listing)",
      .default_base_url = "https://api.socket.dev",
      .default_token_env = "SOCKET_SECURITY_API_KEY",
      .default_token_page = "https://socket.dev/dashboard/org/{org}/settings/api-tokens",
      .fix_template = "add {scopes} to the API token in the Socket dashboard (Settings > API Tokens)[ at {page}]",
      .own_keys = {"org", "socket_cli"},
      .vocabulary = &socket::vocabulary,
      .create = &socket::create,
      .starter_manifest = socket::kStarterManifest,
      .error_body_hint = &socket::error_body_hint,
      .requirement_source = &socket_cli::source(),
  };
  return row;
}

}  // namespace scopegate::providers
