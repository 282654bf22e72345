// Sonar: GET {base}/api/sdk/v1/scopes-allowed
//   -> {"keyPrefix": "sk_live", "name": "CI key", "scopes": [...]}
// Errors: {"success": false, "code": "INVALID_API_KEY", "message": "..."}.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
using Catalog = std::vector<std::pair<std::string, std::string>>;

bool is_rejection_code(std::string_view code) {
  return code == "INVALID_API_KEY" || code == "EXPIRED_API_KEY" || code == "REVOKED_API_KEY";
}

class SonarProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value root;
    std::string error;
    const bool parsed = parse_json_body(response.body, &root, &error);
    if (parsed) {
      const auto code = string_at(root, "/code");
      if (code && is_rejection_code(*code)) {
        const auto message = string_at(root, "/message");
        return TokenFacts::rejected("Sonar rejected the key: " + *code +
                                    (message ? " (" + *message + ")" : ""));
      }
    }
    if (auto failure = facts_for_failure_status(response)) return *failure;
    if (!parsed) return TokenFacts::failed(error);

    TokenFacts facts;
    facts.scopes_listed = true;
    if (!string_list_at(root, "/scopes", "", &facts.granted, &error))
      return TokenFacts::failed("cannot read Sonar's answer: " + error);
    facts.key_name = string_at(root, "/name");
    facts.key_prefix = string_at(root, "/keyPrefix");
    if (!read_expiry(root, "/expiresAt", &facts, &error)) facts.notes.push_back(error);
    else if (!facts.expiry_known) facts.expiry_problem = "Sonar's answer does not say when the key expires";
    return facts;
  }

 protected:
  std::optional<net::HttpRequest> introspection_request(const LiveContext& context, std::string* error) const override {
    return make_request(context, "GET", "/api/sdk/v1/scopes-allowed", error);
  }

  // GET .../scopes-allowed/all: [{"id", "label", "types": [{"id", "label", "scopes": [{"value", "label"}]}]}]
  boost::asio::awaitable<std::optional<Catalog>> catalog(LiveContext& context) const override {
    std::string error;
    auto request = make_request(context, "GET", "/api/sdk/v1/scopes-allowed/all", &error);
    if (!request) co_return std::nullopt;
    const net::HttpOutcome outcome = co_await send(context, std::move(*request));
    if (!outcome.response || outcome.response->status != 200) co_return std::nullopt;
    co_return parse_sonar_catalog(outcome.response->body);
  }
};
}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> parse_sonar_catalog(std::string_view body) {
  boost::json::value root;
  std::string error;
  if (!parse_json_body(body, &root, &error) || !root.is_array()) return std::nullopt;
  Catalog catalog;
  for (const auto& group : root.get_array()) {
    const auto group_label = string_at(group, "/label").value_or(string_at(group, "/id").value_or("?"));
    const auto* types = group.is_object() ? group.get_object().if_contains("types") : nullptr;
    if (!types || !types->is_array()) continue;
    for (const auto& type : types->get_array()) {
      const auto type_label = string_at(type, "/label").value_or(string_at(type, "/id").value_or("?"));
      const auto* scopes = type.is_object() ? type.get_object().if_contains("scopes") : nullptr;
      if (!scopes || !scopes->is_array()) continue;
      for (const auto& scope : scopes->get_array()) {
        const auto value = string_at(scope, "/value");
        if (!value) continue;
        const auto label = string_at(scope, "/label").value_or(*value);
        catalog.emplace_back(*value, group_label + " / " + type_label + " / " + label);
      }
    }
  }
  if (catalog.empty()) return std::nullopt;
  return catalog;
}

// The parts of the preset's table row, named for the field each fills.
namespace sonar {
std::unique_ptr<Provider> create(const manifest::ProviderSpec&) {
  return std::make_unique<SonarProvider>();
}

const scope::VocabularyData& vocabulary() {
  // The catalog GET /api/sdk/v1/scopes-allowed/all answers, as shipped today.
  static const scope::VocabularyData data{
      ":",
      false,
      {},
      {
          {"documents:signed:read", "Documents / Signed / Read"},
          {"documents:signed:upload", "Documents / Signed / Upload"},
          {"documents:signed:update", "Documents / Signed / Update"},
          {"documents:signed:export", "Documents / Signed / Export"},
          {"documents:signed:delete", "Documents / Signed / Delete"},
          {"documents:generated:read", "Documents / Generated / Read"},
          {"documents:generated:upload", "Documents / Generated / Upload"},
          {"documents:generated:update", "Documents / Generated / Update"},
          {"documents:generated:export", "Documents / Generated / Export"},
          {"documents:generated:delete", "Documents / Generated / Delete"},
          {"documents:uploaded:read", "Documents / Uploaded / Read"},
          {"documents:uploaded:upload", "Documents / Uploaded / Upload"},
          {"documents:uploaded:update", "Documents / Uploaded / Update"},
          {"documents:uploaded:export", "Documents / Uploaded / Export"},
          {"documents:uploaded:delete", "Documents / Uploaded / Delete"},
      },
      {},
      false,  // the live catalog may have more; scopegate asks it when a name is unknown
      "Sonar",
  };
  return data;
}

// {"success": false, "code": "INSUFFICIENT_SCOPE", "message": "..."}
std::string error_body_hint(const boost::json::value& body) {
  if (string_at(body, "/code") != std::optional<std::string>("INSUFFICIENT_SCOPE")) return {};
  return "the provider says: " + string_at(body, "/message").value_or("INSUFFICIENT_SCOPE");
}

// `scopegate init --preset sonar`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  sonar:
    preset: sonar
    # Your instance; ${VAR} is read from the environment, ${VAR:-default} has a fallback.
    base_url: https://session.sonar.de/${SONAR_INSTANCE:-my-instance}
    token_env: SONAR_API_KEY          # the variable that holds the key (never the key itself)
    token_page: https://session.sonar.de/${SONAR_INSTANCE:-my-instance}/settings/api-keys

features:
  read-signed:
    description: Read signed documents
    requires: [documents:signed:read]
  export:
    description: Export documents for the archive
    requires:
      all: [documents:signed:export]
      any: [documents:generated:read, documents:uploaded:read]   # at least one of these
    hint: Ask an organisation admin to add the export scope to the CI key.
  nightly-cleanup:
    description: Delete expired uploads (nightly job only)
    requires: [documents:uploaded:delete]
    when: { env: NIGHTLY }           # checked only when NIGHTLY is set and non-empty
    optional: true                   # a miss warns, never fails
)";
}  // namespace sonar

const PresetInfo& sonar_preset() {
  static const PresetInfo row{
      .name = "sonar",
      .summary = "Sonar API keys (GET /api/sdk/v1/scopes-allowed)",
      .default_token_env = "SONAR_API_KEY",
      .default_token_page = "{base}/settings/api-keys",
      .fix_template = "add {scopes} to {key}[ at {page}]",
      .needs_base_url = true,
      .has_catalog = true,
      .vocabulary = &sonar::vocabulary,
      .create = &sonar::create,
      .reports_key_prefix = true,
      .starter_manifest = sonar::kStarterManifest,
      .error_body_hint = &sonar::error_body_hint,
  };
  return row;
}

}  // namespace scopegate::providers
