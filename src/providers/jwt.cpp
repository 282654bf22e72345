// JWT: the token carries its own claims (the scope claims of providers/claims.h, and `exp`).
// Reading them needs no request and no key, so the signature is not checked:
// the provider still decides, and the report says so.
#include <boost/json/value.hpp>

#include "providers/claims.h"
#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
class JwtProvider final : public Provider {
 public:
  explicit JwtProvider(const manifest::ProviderSpec& spec) : spec_(spec) {}

  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value claims;
    std::string error;
    if (!read_jwt_claims(response.body, &claims, &error)) return TokenFacts::failed(error);
    TokenFacts facts;
    if (!read_scope_facts(claims, spec_, "the JWT", &facts, &error))
      return TokenFacts::failed("cannot read the JWT's scopes: " + error);
    if (!read_expiry(claims, "/exp", &facts, &error, NullExpiry::kUnknown)) facts.notes.push_back(error);
    if (!claims.get_object().contains("exp")) facts.expiry_problem = "the JWT has no exp claim";
    facts.account = string_at(claims, "/sub");
    facts.key_name = string_at(claims, "/client_id");
    if (!facts.key_name) facts.key_name = string_at(claims, "/azp");
    facts.notes.push_back(
        "scopes read from the token's own claims without checking its signature; the provider "
        "still decides");
    return facts;
  }

  // Nothing is sent: the token is its own answer.
  boost::asio::awaitable<TokenFacts> ask(LiveContext& context) const override {
    net::HttpResponse response;
    response.body = context.token;
    co_return interpret(response);
  }

 private:
  const manifest::ProviderSpec& spec_;
};
}  // namespace

// The parts of the preset's table row, named for the field each fills.
namespace jwt {
std::unique_ptr<Provider> create(const manifest::ProviderSpec& spec) {
  return std::make_unique<JwtProvider>(spec);
}

// `scopegate init --preset jwt`, after the common header.
constexpr std::string_view kStarterManifest = R"(providers:
  api:
    preset: jwt                      # reads the token's scope, scp, permissions, roles and exp claims; sends nothing
    token_env: API_ACCESS_TOKEN
    # scope_claims: [/realm_access/roles]   # other claims that carry scopes (names or JSON pointers)

features:
  read-orders:
    description: Read orders
    requires: [orders.read]
  manage-orders:
    description: Change orders
    requires: [orders.write]
)";
}  // namespace jwt

const PresetInfo& jwt_preset() {
  static const PresetInfo row{
      .name = "jwt",
      .summary = "JWT access tokens (scope, scp, permissions, roles claims, read locally)",
      .fix_template = "issue a token that carries {scopes} in its {claims}[ ({page})]",
      .own_keys = {"scope_claims"},
      .uses_network = false,
      .create = &jwt::create,
      .starter_manifest = jwt::kStarterManifest,
  };
  return row;
}

}  // namespace scopegate::providers
