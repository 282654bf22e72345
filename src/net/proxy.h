#pragma once
// Which proxy, if any, a request goes through - read from the environment the
// way curl reads it: https_proxy / HTTPS_PROXY for https, http_proxy for http
// (HTTP_PROXY too, outside CGI), all_proxy / ALL_PROXY as a fallback, and
// no_proxy / NO_PROXY (names, domain suffixes, IP addresses, CIDR ranges, *).
#include <optional>
#include <string>
#include <vector>

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
  std::vector<std::string> no_proxy_;
};

// Whether `host` matches one NO_PROXY entry (exposed for tests and fuzzing).
bool no_proxy_matches(const std::string& entry, const std::string& host);

}  // namespace scopegate::net
