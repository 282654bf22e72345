// Socket: no endpoint lists a token's scopes. GET /v0/quota proves the token
// is accepted; probes (sent by the live check) prove individual scopes.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"

namespace scopegate::providers {

namespace {
class SocketProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    if (auto failure = facts_for_failure_status(response)) return *failure;
    boost::json::value root;
    std::string error;
    if (!parse_json_body(response.body, &root, &error)) return TokenFacts::failed(error);
    TokenFacts facts;
    facts.unverifiable_reason =
        "Socket has no endpoint that lists a token's scopes; only a probe request can prove one";
    return facts;
  }
};
}  // namespace

std::unique_ptr<Provider> create_socket(const manifest::ProviderSpec&) {
  return std::make_unique<SocketProvider>();
}

}  // namespace scopegate::providers
