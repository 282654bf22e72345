#include "net/url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "net/request_check.h"
#include "util/strings.h"

namespace scopegate::net {

namespace {
// An IPv6 literal is bracketed wherever a port may follow (RFC 3986 section 3.2.2).
std::string bracketed(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }
}  // namespace

std::string Url::authority() const { return bracketed(host) + ":" + port; }

std::string Url::origin() const { return scheme + "://" + authority(); }

// RFC 9110 section 7.2: Host is uri-host [":" port], brackets and all.
std::string Url::host_header() const {
  const bool default_port = (is_https() && port == "443") || (!is_https() && port == "80");
  return default_port ? bracketed(host) : authority();
}

std::string Url::to_string() const {
  const bool default_port = (is_https() && port == "443") || (!is_https() && port == "80");
  return scheme + "://" + bracketed(host) + (default_port ? "" : ":" + port) + target;
}

namespace {
bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const int value = std::stoi(std::string(port));
  return value > 0 && value < 65536;
}

// Splits "host:port", "[::1]:port" or "host".
bool split_host_port(std::string_view authority, Url* url, std::string* error) {
  if (authority.starts_with("[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      *error = "unclosed '[' in the host";
      return false;
    }
    url->host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() != ':') {
      *error = "unexpected text after the IPv6 address";
      return false;
    }
    if (!authority.empty()) url->port = std::string(authority.substr(1));
  } else {
    const std::size_t colon = authority.rfind(':');
    url->host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) url->port = std::string(authority.substr(colon + 1));
    // "https://fe80::1/" is not host "fe80:" and port "1".
    if (url->host.find(':') != std::string::npos) {
      *error = "an IPv6 address in a URL must be written in brackets, as [::1]";
      return false;
    }
  }
  url->host = util::to_lower(url->host);
  if (url->host.empty()) {
    *error = "the URL has no host";
    return false;
  }
  for (char c : url->host) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '/' || c == '?' || c == '#' || c == '@') {
      *error = "the host contains '" + std::string(1, c) + "'";
      return false;
    }
  }
  return true;
}
}  // namespace

std::optional<Url> parse_url(std::string_view text, std::string* error) {
  text = util::trim(text);
  // A URL goes into a request line: no control character, space or raw
  // non-ASCII byte may ride along (a CR LF would add a header).
  if (const auto problem = request_line_problem(text)) {
    *error = "the URL " + *problem;
    return std::nullopt;
  }
  Url url;
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    *error = "not an absolute URL (expected https://...)";
    return std::nullopt;
  }
  url.scheme = util::to_lower(text.substr(0, scheme_end));
  if (url.scheme != "https" && url.scheme != "http") {
    *error = "unsupported scheme '" + url.scheme + "' (expected https or http)";
    return std::nullopt;
  }
  std::string_view rest = text.substr(scheme_end + 3);
  const std::size_t target_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, target_start);
  url.target = target_start == std::string_view::npos ? "/" : std::string(rest.substr(target_start));
  if (url.target.front() != '/') url.target = "/" + url.target;
  if (const std::size_t hash = url.target.find('#'); hash != std::string::npos) url.target.erase(hash);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  if (!split_host_port(authority, &url, error)) return std::nullopt;
  if (url.port.empty()) url.port = url.is_https() ? "443" : "80";
  if (!valid_port(url.port)) {
    *error = "invalid port '" + url.port + "'";
    return std::nullopt;
  }
  return url;
}

bool has_scheme(std::string_view reference) {
  const std::size_t end = reference.find("://");
  return end != std::string_view::npos && end > 0 && reference.substr(0, end).find_first_of("/?#") == std::string_view::npos;
}

std::optional<std::string> url_origin(std::string_view url) {
  if (!has_scheme(util::trim(url))) return std::nullopt;
  std::string error;
  const auto parsed = parse_url(url, &error);
  if (!parsed) return std::nullopt;
  return parsed->origin();
}

std::optional<Url> resolve_url(const Url& base, std::string_view reference, std::string* error) {
  reference = util::trim(reference);
  if (has_scheme(reference)) return parse_url(reference, error);
  Url resolved = base;
  resolved.userinfo.clear();
  if (reference.starts_with("//")) return parse_url(base.scheme + ":" + std::string(reference), error);
  if (reference.starts_with("/")) {
    resolved.target = std::string(reference);
  } else if (reference.starts_with("?")) {  // same path, new query
    resolved.target = base.target.substr(0, base.target.find('?')) + std::string(reference);
  } else {
    std::string path = base.target.substr(0, base.target.find('?'));
    path = path.substr(0, path.rfind('/') + 1);
    resolved.target = path + std::string(reference);
  }
  // The same rules as for any URL: the fragment is dropped, white space refused.
  return parse_url(resolved.to_string(), error);
}

std::string join_url(std::string_view base, std::string_view path) {
  std::string joined(base);
  while (joined.ends_with("/")) joined.pop_back();
  if (!path.starts_with("/")) joined += '/';
  joined += path;
  return joined;
}

bool is_ip_literal(std::string_view host) {
  const std::string text(host);
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host.ends_with(".localhost") || host == "::1") return true;
  const std::string text(host);
  unsigned char v4[4];
  return inet_pton(AF_INET, text.c_str(), v4) == 1 && v4[0] == 127;
}

}  // namespace scopegate::net
