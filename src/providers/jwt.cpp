// JWT: the token carries its own claims (`scope` or `scp`, and `exp`).
// Reading them needs no request and no key, so the signature is not checked:
// the provider still decides, and the report says so.
#include <boost/json/value.hpp>

#include "providers/json_helpers.h"
#include "providers/presets.h"
#include "util/strings.h"

namespace scopegate::providers {

namespace {
// Base64url without padding, as JWTs use it.
bool base64url_decode(std::string_view text, std::string* out) {
  out->clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '-' || c == '+') value = 62;
    else if (c == '_' || c == '/') value = 63;
    else if (c == '=') break;
    else return false;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return true;
}

// The claims: from a compact JWT (header.payload.signature) or given as JSON.
bool read_claims(std::string_view text, boost::json::value* claims, std::string* error) {
  text = util::trim(text);
  if (!text.empty() && text.front() == '{') return parse_json_body(text, claims, error);
  const std::size_t first = text.find('.');
  const std::size_t second = first == std::string_view::npos ? first : text.find('.', first + 1);
  std::string payload;
  if (second == std::string_view::npos ||
      !base64url_decode(text.substr(first + 1, second - first - 1), &payload)) {
    *error = "the token is not a JWT (expected three base64url parts separated by dots)";
    return false;
  }
  if (!parse_json_body(payload, claims, error) || !claims->is_object()) {
    *error = "the JWT payload is not a JSON object";
    return false;
  }
  return true;
}

class JwtProvider final : public Provider {
 public:
  TokenFacts interpret(const net::HttpResponse& response) const override {
    boost::json::value claims;
    std::string error;
    if (!read_claims(response.body, &claims, &error)) return TokenFacts::failed(error);
    TokenFacts facts;
    const auto& object = claims.get_object();
    const char* claim = object.contains("scope") ? "/scope" : object.contains("scp") ? "/scp" : nullptr;
    if (claim) {
      facts.scopes_listed = true;
      if (!string_list_at(claims, claim, " ", &facts.granted, &error))
        return TokenFacts::failed("cannot read the JWT's scopes: " + error);
    } else {
      facts.unverifiable_reason = "the JWT carries no scope or scp claim";
    }
    if (!read_expiry(claims, "/exp", &facts, &error)) facts.notes.push_back(error);
    facts.account = string_at(claims, "/sub");
    facts.key_name = string_at(claims, "/client_id");
    if (!facts.key_name) facts.key_name = string_at(claims, "/azp");
    facts.notes.push_back(
        "scopes read from the token's own claims without checking its signature; the provider "
        "still decides");
    return facts;
  }
};
}  // namespace

std::unique_ptr<Provider> create_jwt(const manifest::ProviderSpec&) {
  return std::make_unique<JwtProvider>();
}

}  // namespace scopegate::providers
