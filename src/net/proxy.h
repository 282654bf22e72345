#pragma once
// Which proxy, if any, a request goes through - read from the environment the
// way curl reads it: https_proxy / HTTPS_PROXY for https, http_proxy for http
// (HTTP_PROXY too, outside CGI), all_proxy / ALL_PROXY as a fallback, and
// no_proxy / NO_PROXY as curl's lib/noproxy.c reads it (see no_proxy_matches).
#include <optional>
#include <string>
#include <string_view>

#include "net/url.h"
#include "util/environment.h"

namespace scopegate::net {

class ProxySettings {
 public:
  static ProxySettings from_environment(const util::Environment& environment);

  // The proxy for `url`, or nullopt to connect directly. `error` is set when
  // the configured proxy cannot be used (for instance an https:// proxy).
  std::optional<Url> proxy_for(const Url& url, std::string* error) const;

  bool bypasses(const std::string& host) const;  // NO_PROXY

 private:
  std::string https_proxy_;
  std::string http_proxy_;
  std::string https_variable_;  // which variable set it, for messages
  std::string http_variable_;
  std::string no_proxy_;
};

// Whether the NO_PROXY value `no_proxy` exempts `host` (a URL's host; an
// IPv6 address with or without brackets) from the proxy, as curl's
// Curl_check_noproxy decides it:
// - the whole value "*" exempts every host; a "*" inside a list is just a name;
// - entries are separated by commas, spaces and tabs (curl 7.86 to 8.8, the
//   curl of Debian 12; curl 8.9 and later stop at the first space);
// - a name entry matches the host or any name below it, ignoring case, one
//   leading dot and one trailing dot on the entry and a trailing dot on the
//   host; an entry with a port ("host:8080") never matches a name;
// - an IPv4 or IPv6 host matches an address entry, or a CIDR range
//   ("10.0.0.0/8", "fe80::/10"); a prefix over 32 (IPv4) or 128 (IPv6)
//   matches nothing, and "/0" compares the whole address, as curl does.
//   Entries are never bracketed: "[::1]" matches nothing, "::1" does.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

// The Proxy-Authorization value for a proxy URL's "user:password" (Basic,
// user and password each percent-decoded, as curl sends them), or "" when the
// URL has no credentials.
std::string proxy_authorization(std::string_view userinfo);

}  // namespace scopegate::net
