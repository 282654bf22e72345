#include "net/proxy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "util/strings.h"

namespace scopegate::net {

namespace {
std::string first_set(const util::Environment& environment, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (auto value = environment.get_non_empty(name)) return *value;
  return {};
}

// "10.0.0.0/8" or "::1/128" against an IP host; false when either is not IP.
bool cidr_matches(const std::string& entry, const std::string& host) {
  const std::size_t slash = entry.find('/');
  const std::string network = entry.substr(0, slash);
  unsigned char net_bytes[16] = {}, host_bytes[16] = {};
  int family = AF_INET;
  std::size_t length = 4;
  if (inet_pton(AF_INET, network.c_str(), net_bytes) != 1) {
    family = AF_INET6;
    length = 16;
    if (inet_pton(AF_INET6, network.c_str(), net_bytes) != 1) return false;
  }
  if (inet_pton(family, host.c_str(), host_bytes) != 1) return false;
  std::size_t bits = length * 8;
  if (slash != std::string::npos) {
    const std::string prefix = entry.substr(slash + 1);
    if (prefix.empty() || prefix.size() > 3 || prefix.find_first_not_of("0123456789") != std::string::npos) return false;
    bits = std::min<std::size_t>(std::stoul(prefix), length * 8);
  }
  const std::size_t whole = bits / 8;
  if (std::memcmp(net_bytes, host_bytes, whole) != 0) return false;
  if (bits % 8 == 0) return true;
  const auto mask = static_cast<unsigned char>(0xFF << (8 - bits % 8));
  return (net_bytes[whole] & mask) == (host_bytes[whole] & mask);
}
// "http://user:pw@proxy:3128/" has a port; "http://proxy" does not.
bool has_explicit_port(const std::string& url) {
  std::string authority = url.substr(url.find("://") + 3);
  authority = authority.substr(0, authority.find('/'));
  authority = authority.substr(authority.rfind('@') == std::string::npos ? 0 : authority.rfind('@') + 1);
  const std::size_t bracket = authority.rfind(']');
  return authority.find(':', bracket == std::string::npos ? 0 : bracket) != std::string::npos;
}
}  // namespace

bool no_proxy_matches(const std::string& raw_entry, const std::string& raw_host) {
  std::string entry = util::to_lower(util::trim(raw_entry));
  const std::string host = util::to_lower(raw_host);
  if (entry.empty()) return false;
  if (entry == "*") return true;
  if (entry.starts_with("[")) {  // "[::1]" or "[::1]:8080"
    entry = entry.substr(1, entry.find(']') - 1);
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
    entry = entry.substr(0, entry.find(':'));  // "host:port": the port is not compared, as in curl
  }
  if (is_ip_literal(host) || entry.find('/') != std::string::npos) return entry == host || cidr_matches(entry, host);
  if (entry.starts_with(".")) entry.erase(0, 1);
  while (entry.starts_with("*.")) entry.erase(0, 2);
  return host == entry || (host.size() > entry.size() && host.ends_with("." + entry));
}

ProxySettings ProxySettings::from_environment(const util::Environment& environment) {
  ProxySettings settings;
  const std::string all = first_set(environment, {"all_proxy", "ALL_PROXY"});
  settings.https_proxy_ = first_set(environment, {"https_proxy", "HTTPS_PROXY"});
  if (settings.https_proxy_.empty()) settings.https_proxy_ = all;
  // Under CGI, HTTP_PROXY can come from a request header ("httpoxy"): ignore it there.
  const bool cgi = environment.get("REQUEST_METHOD").has_value();
  settings.http_proxy_ = cgi ? first_set(environment, {"http_proxy"}) : first_set(environment, {"http_proxy", "HTTP_PROXY"});
  if (settings.http_proxy_.empty()) settings.http_proxy_ = all;
  settings.no_proxy_ = util::split_any(first_set(environment, {"no_proxy", "NO_PROXY"}), ", ");
  return settings;
}

bool ProxySettings::bypasses(const std::string& host) const {
  for (const std::string& entry : no_proxy_)
    if (no_proxy_matches(entry, host)) return true;
  return false;
}

std::optional<Url> ProxySettings::proxy_for(const Url& url, std::string* error) const {
  const std::string& configured = url.is_https() ? https_proxy_ : http_proxy_;
  if (configured.empty() || bypasses(url.host)) return std::nullopt;
  const std::string text = configured.find("://") == std::string::npos ? "http://" + configured : configured;
  std::string parse_error;
  auto proxy = parse_url(text, &parse_error);
  if (!proxy) {
    *error = "cannot use the proxy from the environment: " + parse_error;
    return std::nullopt;
  }
  if (proxy->is_https()) {
    *error = "the proxy " + proxy->authority() + " is an https:// proxy, which scopegate does not support; use http://";
    return std::nullopt;
  }
  if (!has_explicit_port(text)) proxy->port = "1080";  // curl's default proxy port
  return proxy;
}

}  // namespace scopegate::net
