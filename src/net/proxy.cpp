#include "net/proxy.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <tuple>

#include "util/base64.h"
#include "util/strings.h"

namespace scopegate::net {

namespace {
// The first of `names` that is set, and its name ("" and "" when none is).
std::pair<std::string, std::string> first_set(const util::Environment& environment,
                                              std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (auto value = environment.get_non_empty(name)) return {*value, name};
  return {};
}

// "http://user:pw@proxy:3128/" has a port; "http://proxy" does not.
bool has_explicit_port(const std::string& url) {
  std::string authority = url.substr(url.find("://") + 3);
  authority = authority.substr(0, authority.find('/'));
  authority = authority.substr(authority.rfind('@') == std::string::npos ? 0 : authority.rfind('@') + 1);
  const std::size_t bracket = authority.rfind(']');
  return authority.find(':', bracket == std::string::npos ? 0 : bracket) != std::string::npos;
}

// curl's ISBLANK: the separators besides the comma.
bool is_blank(char c) { return c == ' ' || c == '\t'; }

// curl's Curl_cidr4_match: no prefix, /0 and /32 compare the whole address;
// a prefix over 32 matches nothing.
bool cidr4_matches(const std::string& host, const std::string& network, unsigned bits) {
  if (bits > 32) return false;
  in_addr address{}, check{};
  if (inet_pton(AF_INET, host.c_str(), &address) != 1 || inet_pton(AF_INET, network.c_str(), &check) != 1) return false;
  if (bits == 0 || bits == 32) return address.s_addr == check.s_addr;
  const std::uint32_t mask = 0xFFFFFFFFu << (32 - bits);
  return ((ntohl(address.s_addr) ^ ntohl(check.s_addr)) & mask) == 0;
}

// curl's Curl_cidr6_match (with curl 8.17's fix for prefixes that do not end
// on a byte): no prefix or /0 is /128; a prefix over 128 matches nothing.
bool cidr6_matches(const std::string& host, const std::string& network, unsigned bits) {
  if (bits == 0) bits = 128;
  const unsigned bytes = bits / 8;
  const unsigned rest = bits % 8;
  if (bytes > 16 || (bytes == 16 && rest != 0)) return false;
  unsigned char address[16], check[16];
  if (inet_pton(AF_INET6, host.c_str(), address) != 1 || inet_pton(AF_INET6, network.c_str(), check) != 1) return false;
  if (bytes > 0 && std::memcmp(address, check, bytes) != 0) return false;
  if (rest != 0 && ((address[bytes] ^ check[bytes]) & (0xFF << (8 - rest)) & 0xFF) != 0) return false;
  return true;
}

// The prefix length as C's atoi reads it, as curl does: "8" is 8, "" or "x"
// is 0, "8x" is 8; a negative or huge number is out of range.
unsigned prefix_bits(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  unsigned long value = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    value = value * 10 + static_cast<unsigned long>(text[i] - '0');
    if (value > 1000) value = 1000;  // out of range either way
  }
  if (negative && value != 0) return 1000;
  return static_cast<unsigned>(value);
}

enum class HostType { kName, kIpv4, kIpv6 };

bool entry_matches(std::string_view token, HostType type, std::string_view name) {
  if (type == HostType::kName) {
    if (token.ends_with('.')) token.remove_suffix(1);
    if (!token.empty() && token.front() == '.') token.remove_prefix(1);
    if (token.size() == name.size()) return util::iequals(token, name);
    if (token.size() < name.size())  // a name below the entry: "api.example.com" for "example.com"
      return name[name.size() - token.size() - 1] == '.' && util::iequals(token, name.substr(name.size() - token.size()));
    return false;
  }
  if (token.size() >= 128) return false;  // as curl: no address is that long
  const std::size_t slash = token.find('/');
  const std::string network(token.substr(0, slash));
  const unsigned bits = slash == std::string_view::npos ? 0 : prefix_bits(token.substr(slash + 1));
  const std::string host(name);
  return type == HostType::kIpv6 ? cidr6_matches(host, network, bits) : cidr4_matches(host, network, bits);
}

// A percent-decoded user name or password, as curl's URL parser decodes it
// ("%" not followed by two hex digits stays as it is).
std::string percent_decode(std::string_view text) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

// "user:password" split at the first colon, each part decoded; false when
// either holds a control character once decoded (curl refuses those too:
// they would end the header line).
bool decode_userinfo(std::string_view userinfo, std::string* user, std::string* password) {
  const std::size_t colon = userinfo.find(':');
  *user = percent_decode(userinfo.substr(0, colon));
  *password = colon == std::string_view::npos ? "" : percent_decode(userinfo.substr(colon + 1));
  for (const std::string* part : {user, password})
    for (char c : *part)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return true;
}
}  // namespace

bool no_proxy_matches(std::string_view no_proxy, std::string_view host) {
  if (host.empty() || no_proxy.empty()) return false;
  if (no_proxy == "*") return true;  // only the whole value: "*" in a list is an ordinary name
  std::string_view name = host;
  HostType type = HostType::kName;
  const std::string text(host);
  unsigned char address[16];
  if (name.front() == '[') {  // "[::1]": an IPv6 address
    const std::size_t close = name.find(']');
    if (close == std::string_view::npos || close - 1 >= 128) return false;
    name = name.substr(1, close - 1);
    type = HostType::kIpv6;
  } else if (inet_pton(AF_INET, text.c_str(), address) == 1) {
    type = HostType::kIpv4;
  } else if (inet_pton(AF_INET6, text.c_str(), address) == 1) {
    type = HostType::kIpv6;  // Url::host holds IPv6 without brackets, as curl's own host name does
  } else if (name.ends_with('.')) {
    name.remove_suffix(1);  // "example.com." is "example.com"
  }
  std::size_t i = 0;
  while (i < no_proxy.size()) {
    while (i < no_proxy.size() && is_blank(no_proxy[i])) ++i;
    const std::size_t start = i;
    while (i < no_proxy.size() && !is_blank(no_proxy[i]) && no_proxy[i] != ',') ++i;
    if (i > start && entry_matches(no_proxy.substr(start, i - start), type, name)) return true;
    while (i < no_proxy.size() && (is_blank(no_proxy[i]) || no_proxy[i] == ',')) ++i;
  }
  return false;
}

std::string proxy_authorization(std::string_view userinfo) {
  if (userinfo.empty()) return {};
  std::string user, password;
  decode_userinfo(userinfo, &user, &password);
  return "Basic " + util::base64_encode(user + ":" + password);
}

ProxySettings ProxySettings::from_environment(const util::Environment& environment) {
  ProxySettings settings;
  const auto all = first_set(environment, {"all_proxy", "ALL_PROXY"});
  std::tie(settings.https_proxy_, settings.https_variable_) = first_set(environment, {"https_proxy", "HTTPS_PROXY"});
  if (settings.https_proxy_.empty()) std::tie(settings.https_proxy_, settings.https_variable_) = all;
  // Under CGI, HTTP_PROXY can come from a request header ("httpoxy"): ignore it there.
  const bool cgi = environment.get("REQUEST_METHOD").has_value();
  std::tie(settings.http_proxy_, settings.http_variable_) =
      cgi ? first_set(environment, {"http_proxy"}) : first_set(environment, {"http_proxy", "HTTP_PROXY"});
  if (settings.http_proxy_.empty()) std::tie(settings.http_proxy_, settings.http_variable_) = all;
  settings.no_proxy_ = first_set(environment, {"no_proxy", "NO_PROXY"}).first;
  return settings;
}

bool ProxySettings::bypasses(const std::string& host) const { return no_proxy_matches(no_proxy_, host); }

std::optional<Url> ProxySettings::proxy_for(const Url& url, std::string* error) const {
  const std::string& configured = url.is_https() ? https_proxy_ : http_proxy_;
  const std::string& variable = url.is_https() ? https_variable_ : http_variable_;
  if (configured.empty() || bypasses(url.host)) return std::nullopt;
  const std::string text = configured.find("://") == std::string::npos ? "http://" + configured : configured;
  std::string parse_error;
  auto proxy = parse_url(text, &parse_error);
  if (!proxy) {
    // parse_url names a position and a character, never the value (it may hold a password).
    *error = "cannot use the proxy in " + variable + ": " + parse_error;
    return std::nullopt;
  }
  if (proxy->is_https()) {
    *error = "the proxy " + proxy->authority() + " is an https:// proxy, which scopegate does not support; use http://";
    return std::nullopt;
  }
  if (!has_explicit_port(text)) proxy->port = "1080";  // curl's default proxy port
  std::string user, password;
  if (!decode_userinfo(proxy->userinfo, &user, &password)) {
    *error = "cannot use the proxy " + proxy->authority() + " in " + variable +
             ": its user name or password holds a control character once percent-decoded";
    return std::nullopt;
  }
  return proxy;
}

}  // namespace scopegate::net
