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
    boost::json::value root;
    if (auto failure = read_success_json(response, &root)) return *failure;
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
