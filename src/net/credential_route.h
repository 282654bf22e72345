#pragma once
// Where a credential may be sent: the rules, asked wherever a URL is about to
// carry a token (the manifest's literal URLs when it is read, the expanded
// ones before a check sends anything, each request a provider builds, each
// redirect the transport would follow). Which origin is the provider's own is
// worked out from the manifest by its callers (providers::credential_origin
// and providers::check_credential_origins: base_url, else the preset's
// address, else the request url, else the first absolute probe url). oauth2's
// introspection_url is named on its own: RFC 7662 section 2.1 sends the token
// to the authorization server to be introspected, whatever its origin.
#include <optional>
#include <string>
#include <string_view>

#include "net/url.h"

namespace scopegate::net {

// A credential belongs to one origin (RFC 6454: scheme, host and port), and
// goes nowhere else: not to another host, another port, or http:// for https://.
// `own_origin` is url_origin() of the provider's address. nullopt when
// `target` is on it, else the reason ("the token goes only to ... not to ...").
std::optional<std::string> other_origin_refusal(std::string_view own_origin, const Url& target);

// Plain http carries the credential in clear text: allowed only to this
// machine (is_loopback_host) with no proxy on the way (`proxy`: the one
// that would carry the request), unless the manifest opts in with
// allow_insecure_http.
enum class Cleartext { kEncrypted, kAllowed, kLeavesMachine, kThroughProxy };
Cleartext cleartext_route(const Url& target, const std::optional<Url>& proxy, bool allow_insecure_http);

// A URL never carries a secret, as written or percent-encoded (RFC 3986
// section 2.1), since logs, proxies and Referer headers see URLs. Secrets
// under 4 characters are not looked for: they would match ordinary text.
bool url_carries_secret(std::string_view url, std::string_view secret);

// A redirect keeps the credential only within its origin: nullopt when `to`
// is on `from`'s origin, else the whole sentence that says the redirect was
// not followed (curl follows it and drops the Authorization header; scopegate
// stops, since the answer would not be about this token).
std::optional<std::string> redirect_refusal(const Url& from, const Url& to);

}  // namespace scopegate::net
