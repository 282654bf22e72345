// Sonar: GET {base}/api/sdk/v1/scopes-allowed
//   -> {"keyPrefix": "sk_live", "name": "CI key", "scopes": [...]}
// Errors: {"success": false, "code": "INVALID_API_KEY", "message": "..."}.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"

namespace scopegate::providers {

namespace {
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
    return facts;
  }
};
}  // namespace

std::unique_ptr<Provider> create_sonar(const manifest::ProviderSpec&) {
  return std::make_unique<SonarProvider>();
}

}  // namespace scopegate::providers
