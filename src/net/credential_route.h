#pragma once
// Where a credential may be sent: the one rule, asked wherever a URL is about
// to carry a token (the manifest's literal URLs when it is read, the expanded
// ones before a check sends anything, each request a provider builds, each
// redirect the transport would follow). Every answer is nullopt when the
// credential may go, else why not, as the end of a sentence the caller
// begins with what it was about to do.
#include <optional>
#include <string>
#include <string_view>

#include "net/url.h"

namespace scopegate::net {

// A credential belongs to one origin (RFC 6454: scheme, host and port), and
// goes nowhere else: not to another host, another port, or http:// for https://.
// `own_origin` is url_origin() of the provider's address.
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

// A redirect keeps the credential only within its origin; `to` elsewhere is
// refused (as curl does without --location-trusted).
std::optional<std::string> redirect_refusal(const Url& from, const Url& to);

}  // namespace scopegate::net
