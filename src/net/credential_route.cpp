#include "net/credential_route.h"

#include "util/redactor.h"

namespace scopegate::net {

std::optional<std::string> other_origin_refusal(std::string_view own_origin, const Url& target) {
  if (target.origin() == own_origin) return std::nullopt;
  return "the token goes only to its provider's origin " + std::string(own_origin) + ", not to " + target.origin();
}

Cleartext cleartext_route(const Url& target, const std::optional<Url>& proxy, bool allow_insecure_http) {
  if (target.is_https()) return Cleartext::kEncrypted;
  if (allow_insecure_http) return Cleartext::kAllowed;
  if (!is_loopback_host(target.host)) return Cleartext::kLeavesMachine;
  // Loopback, but through a proxy: the request leaves this machine, in clear
  // text, and the proxy reads it all.
  return proxy ? Cleartext::kThroughProxy : Cleartext::kAllowed;
}

bool url_carries_secret(std::string_view url, std::string_view secret) {
  if (secret.size() < 4) return false;
  return url.find(secret) != std::string_view::npos ||
         url.find(util::percent_encode(secret)) != std::string_view::npos;
}

std::optional<std::string> redirect_refusal(const Url& from, const Url& to) {
  if (to.origin() == from.origin()) return std::nullopt;
  return from.to_string() + " redirected to another origin, " + to.origin() +
         "; scopegate does not send the token there (if that is the API, set base_url to it)";
}

}  // namespace scopegate::net
