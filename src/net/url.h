#pragma once
// URLs as scopegate uses them: http(s) only, with the pieces a client needs.
#include <optional>
#include <string>
#include <string_view>

namespace scopegate::net {

struct Url {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets for IPv6
  std::string port;    // always set: "443" / "80" when the URL has none
  std::string target;  // "/path?query", at least "/"
  std::string userinfo;  // "user:pass" (proxies only)

  bool is_https() const { return scheme == "https"; }
  // "https://host:port": redirects within one origin keep the token.
  std::string origin() const;
  // "host:port" for messages and CONNECT; IPv6 in brackets.
  std::string authority() const;
  // The Host header's value: the host alone on the scheme's default port,
  // else authority(). (What the transport sends, and what SigV4 signs.)
  std::string host_header() const;
  std::string to_string() const;  // without userinfo
};

// Parses "https://host[:port][/target]". nullopt for anything else.
std::optional<Url> parse_url(std::string_view text, std::string* error);

// "https://..." has a scheme and stands alone; "/v1/x" (even
// "/login?next=https://...") is a reference relative to a base.
bool has_scheme(std::string_view reference);

// "scheme://host:port" of an absolute http(s) URL; nullopt for a relative
// reference ("/v1/x") or text that is not a usable URL.
std::optional<std::string> url_origin(std::string_view url);

// `reference` resolved against `base` (a redirect's Location, or a manifest
// path such as "/api/v4/..."): absolute URLs stand alone, "/x" replaces the
// target, anything else is appended to the base path.
std::optional<Url> resolve_url(const Url& base, std::string_view reference, std::string* error);

// base_url + "/api/sdk/v1/scopes-allowed", with exactly one slash between.
std::string join_url(std::string_view base, std::string_view path);

// 127.0.0.0/8, ::1 and "localhost": the only places plain http may go by default.
bool is_loopback_host(std::string_view host);
bool is_ip_literal(std::string_view host);

}  // namespace scopegate::net
