#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "net/url.h"

using namespace scopegate;

namespace {
// Parses a URL that must be valid.
net::Url url(const std::string& text) {
  std::string error;
  const auto parsed = net::parse_url(text, &error);
  INFO("parsing " << text << ": " << error);
  REQUIRE(parsed.has_value());
  CHECK(error.empty());
  return *parsed;
}

// The error for a URL that must be refused.
std::string refusal(const std::string& text) {
  std::string error;
  const auto parsed = net::parse_url(text, &error);
  INFO("parsing " << text);
  CHECK_FALSE(parsed.has_value());
  CHECK_FALSE(error.empty());
  return error;
}

// resolve_url against `base`, as a string; "refused: ERROR" when it fails.
std::string resolve(const std::string& base, const std::string& reference) {
  std::string error;
  const auto resolved = net::resolve_url(url(base), reference, &error);
  return resolved ? resolved->to_string() : "refused: " + error;
}
}  // namespace

TEST_SUITE("net.url") {
  TEST_CASE("parse_url reads https and http with their default ports") {
    const net::Url secure = url("https://api.example.com/v1/user?x=1");
    CHECK(secure.scheme == "https");
    CHECK(secure.is_https());
    CHECK(secure.host == "api.example.com");
    CHECK(secure.port == "443");
    CHECK(secure.target == "/v1/user?x=1");
    CHECK(secure.userinfo.empty());

    const net::Url plain = url("http://example.com/");
    CHECK(plain.scheme == "http");
    CHECK_FALSE(plain.is_https());
    CHECK(plain.port == "80");
    CHECK(plain.target == "/");
  }

  TEST_CASE("parse_url lowers the scheme and host, keeps the case of the target") {
    const net::Url parsed = url("HTTPS://API.GitHub.COM/Users/Octo?Tab=Repos");
    CHECK(parsed.scheme == "https");
    CHECK(parsed.host == "api.github.com");
    CHECK(parsed.target == "/Users/Octo?Tab=Repos");
  }

  TEST_CASE("parse_url keeps explicit ports, also the default ones") {
    CHECK(url("https://example.com:8443/x").port == "8443");
    CHECK(url("http://example.com:8080").port == "8080");
    CHECK(url("https://example.com:443/").port == "443");
    CHECK(url("https://example.com:65535/").port == "65535");
    CHECK(url("https://example.com:1/").port == "1");
    // An empty port is the default one (RFC 3986 3.2.3).
    CHECK(url("https://example.com:/x").port == "443");
  }

  TEST_CASE("the Host header: the host alone on the scheme's default port, else host:port") {
    CHECK(url("https://example.com/x").host_header() == "example.com");
    CHECK(url("http://example.com:80/").host_header() == "example.com");
    CHECK(url("https://example.com:8443/").host_header() == "example.com:8443");
    CHECK(url("http://127.0.0.1:443/").host_header() == "127.0.0.1:443");
    CHECK(url("https://[fd00::1]/").host_header() == "[fd00::1]");  // RFC 9110 section 7.2
    CHECK(url("https://[fd00::1]:6443/").host_header() == "[fd00::1]:6443");
  }

  TEST_CASE("parse_url reads IPv6 literals in brackets") {
    const net::Url with_port = url("https://[::1]:8443/api");
    CHECK(with_port.host == "::1");
    CHECK(with_port.port == "8443");
    CHECK(with_port.target == "/api");

    const net::Url without_port = url("http://[FE80::1]");
    CHECK(without_port.host == "fe80::1");
    CHECK(without_port.port == "80");
    CHECK(without_port.target == "/");

    CHECK(refusal("https://[::1/x") == "unclosed '[' in the host");
    CHECK(refusal("https://[::1]8443/") == "unexpected text after the IPv6 address");
  }

  TEST_CASE("an IPv6 address without brackets is refused, not read as host and port") {
    CHECK(refusal("https://::1/") == "an IPv6 address in a URL must be written in brackets, as [::1]");
    CHECK(refusal("https://fe80::1:8443/") == "an IPv6 address in a URL must be written in brackets, as [::1]");
  }

  TEST_CASE("parse_url keeps userinfo apart from the host") {
    const net::Url proxy = url("http://user:s3cret@proxy.corp:3128");
    CHECK(proxy.userinfo == "user:s3cret");
    CHECK(proxy.host == "proxy.corp");
    CHECK(proxy.port == "3128");
    CHECK(proxy.target == "/");
    // to_string never shows it.
    CHECK(proxy.to_string() == "http://proxy.corp:3128/");
    // The last '@' ends the userinfo.
    const net::Url odd = url("http://a@b:pw@proxy/");
    CHECK(odd.userinfo == "a@b:pw");
    CHECK(odd.host == "proxy");
  }

  TEST_CASE("the target defaults to / and the fragment is dropped") {
    CHECK(url("https://example.com").target == "/");
    CHECK(url("https://example.com?page=2").target == "/?page=2");
    CHECK(url("https://example.com#top").target == "/");
    CHECK(url("https://example.com/a/b#top").target == "/a/b");
    CHECK(url("https://example.com/a?q=1#frag").target == "/a?q=1");
  }

  TEST_CASE("parse_url trims surrounding white space") {
    const net::Url parsed = url("  https://example.com/x \n");
    CHECK(parsed.host == "example.com");
    CHECK(parsed.target == "/x");
  }

  TEST_CASE("bad ports are refused") {
    CHECK(refusal("https://example.com:0/") == "invalid port '0'");
    CHECK(refusal("https://example.com:65536/") == "invalid port '65536'");
    CHECK(refusal("https://example.com:99999/") == "invalid port '99999'");
    CHECK(refusal("https://example.com:123456/") == "invalid port '123456'");
    CHECK(refusal("https://example.com:http/") == "invalid port 'http'");
    CHECK(refusal("https://example.com:-1/") == "invalid port '-1'");
    CHECK(refusal("https://[::1]:0/") == "invalid port '0'");
  }

  TEST_CASE("a URL without a host is refused") {
    CHECK(refusal("https:///path") == "the URL has no host");
    CHECK(refusal("https://") == "the URL has no host");
    CHECK(refusal("https://:8443/") == "the URL has no host");
    CHECK(refusal("https://user@/x") == "the URL has no host");
    CHECK(refusal("https://[]/x") == "the URL has no host");
  }

  TEST_CASE("other schemes and relative text are refused") {
    CHECK(refusal("ftp://example.com/file") == "unsupported scheme 'ftp' (expected https or http)");
    CHECK(refusal("file:///etc/passwd") == "unsupported scheme 'file' (expected https or http)");
    CHECK(refusal("ws://example.com/") == "unsupported scheme 'ws' (expected https or http)");
    CHECK(refusal("example.com/path") == "not an absolute URL (expected https://...)");
    CHECK(refusal("/api/v4/user") == "not an absolute URL (expected https://...)");
    CHECK(refusal("") == "not an absolute URL (expected https://...)");
  }

  TEST_CASE("white space, control characters and raw non-ASCII inside a URL are refused, by position") {
    CHECK(refusal("https://exa mple.com/") == "the URL contains U+0020 (space) at position 12");
    CHECK(refusal("https://example.com\t/") == "the URL contains U+0009 (tab) at position 20");
    CHECK(refusal("https://example.com/a b") == "the URL contains U+0020 (space) at position 22");
    CHECK(refusal("https://example.com/?q=a b") == "the URL contains U+0020 (space) at position 25");
    // No header injection through a URL.
    CHECK(refusal("https://example.com/x\r\nHost: evil.example") ==
          "the URL contains U+000D (carriage return) at position 22 (it holds more than one line)");
    CHECK(refusal(std::string("https://example.com/x") + '\x01') ==
          "the URL contains U+0001 (a control character) at position 22");
    CHECK(refusal("https://example.com/caf\xC3\xA9") == "the URL contains U+00E9 at position 24");
    CHECK(refusal("https://example.com/caf\xE9") ==
          "the URL contains the byte 0xE9 (not UTF-8; Latin-1 or another encoding?) at position 24");
  }

  TEST_CASE("origin, authority and to_string") {
    const net::Url secure = url("https://example.com/a?b=c");
    CHECK(secure.origin() == "https://example.com:443");
    CHECK(secure.authority() == "example.com:443");
    CHECK(secure.to_string() == "https://example.com/a?b=c");

    const net::Url custom = url("https://example.com:8443/a");
    CHECK(custom.origin() == "https://example.com:8443");
    CHECK(custom.authority() == "example.com:8443");
    CHECK(custom.to_string() == "https://example.com:8443/a");

    // The default port of the scheme is omitted, another scheme's default port is not.
    CHECK(url("https://example.com:443/").to_string() == "https://example.com/");
    CHECK(url("http://example.com:80/").to_string() == "http://example.com/");
    CHECK(url("http://example.com:443/").to_string() == "http://example.com:443/");
    CHECK(url("https://example.com:80/").to_string() == "https://example.com:80/");
    CHECK(url("http://example.com").origin() == "http://example.com:80");

    // IPv6 hosts are bracketed wherever a port may follow.
    const net::Url v6 = url("https://[::1]:8443/x");
    CHECK(v6.origin() == "https://[::1]:8443");
    CHECK(v6.authority() == "[::1]:8443");
    CHECK(v6.to_string() == "https://[::1]:8443/x");
    CHECK(url("https://[::1]").to_string() == "https://[::1]/");
  }

  TEST_CASE("origin tells hosts, schemes and ports apart") {
    CHECK(url("https://a.example.com/x").origin() != url("https://b.example.com/x").origin());
    CHECK(url("https://example.com/x").origin() != url("http://example.com/x").origin());
    CHECK(url("https://example.com/x").origin() != url("https://example.com:8443/x").origin());
    CHECK(url("https://example.com/x").origin() == url("https://EXAMPLE.com:443/y").origin());
  }

  TEST_CASE("resolve_url: absolute references stand alone") {
    CHECK(resolve("https://api.example.com/v1/users", "https://other.example.com/y?z=1") ==
          "https://other.example.com/y?z=1");
    CHECK(resolve("https://api.example.com/v1/users", "http://api.example.com/") == "http://api.example.com/");
    CHECK(resolve("https://api.example.com/", "ftp://api.example.com/") ==
          "refused: unsupported scheme 'ftp' (expected https or http)");
  }

  TEST_CASE("resolve_url: //host keeps the base's scheme") {
    CHECK(resolve("https://api.example.com:8443/v1/x", "//cdn.example.com/z") == "https://cdn.example.com/z");
    CHECK(resolve("http://api.example.com/v1/x", "//cdn.example.com:8080/z") == "http://cdn.example.com:8080/z");
  }

  TEST_CASE("resolve_url: /path replaces the target, keeps host and port") {
    CHECK(resolve("https://api.example.com/v1/users?x=1", "/login") == "https://api.example.com/login");
    CHECK(resolve("https://api.example.com:8443/v1/users", "/v2/users?page=2") ==
          "https://api.example.com:8443/v2/users?page=2");
    CHECK(resolve("https://[::1]:8443/a", "/b") == "https://[::1]:8443/b");
  }

  TEST_CASE("resolve_url: a relative path is appended to the base's directory") {
    CHECK(resolve("https://api.example.com/v1/users?x=1", "settings") == "https://api.example.com/v1/settings");
    CHECK(resolve("https://api.example.com/v1/users/", "settings") == "https://api.example.com/v1/users/settings");
    CHECK(resolve("https://api.example.com", "settings?a=b") == "https://api.example.com/settings?a=b");
  }

  TEST_CASE("resolve_url: a query-only reference keeps the path") {
    CHECK(resolve("https://api.example.com/v1/items?page=1", "?page=2") == "https://api.example.com/v1/items?page=2");
    CHECK(resolve("https://api.example.com/v1/items", "?page=2") == "https://api.example.com/v1/items?page=2");
  }

  TEST_CASE("resolve_url drops the base's userinfo") {
    std::string error;
    const auto resolved = net::resolve_url(url("http://user:pw@proxy.corp:3128/a"), "/b", &error);
    REQUIRE(resolved);
    CHECK(resolved->userinfo.empty());
    CHECK(resolved->host == "proxy.corp");
    CHECK(resolved->target == "/b");
  }

  TEST_CASE("resolve_url: a relative reference with :// in its query is still relative") {
    CHECK(resolve("https://sso.example.com/api/user", "/login?next=https://sso.example.com/api/user") ==
          "https://sso.example.com/login?next=https://sso.example.com/api/user");
    CHECK(resolve("https://sso.example.com/api/user", "login?next=https://x.example.com/") ==
          "https://sso.example.com/api/login?next=https://x.example.com/");
  }

  TEST_CASE("resolve_url drops a fragment and refuses white space, as parse_url does") {
    CHECK(resolve("https://api.example.com/v1/x", "/login#top") == "https://api.example.com/login");
    CHECK(resolve("https://api.example.com/v1/x", "next#top") == "https://api.example.com/v1/next");
    CHECK(resolve("https://api.example.com/v1/x", "/a b") == "refused: the URL contains U+0020 (space) at position 26");
    CHECK(resolve("https://api.example.com/v1/x", "/a\r\nX-Injected: 1") ==
          "refused: the URL contains U+000D (carriage return) at position 26 (it holds more than one line)");
  }

  TEST_CASE("join_url puts exactly one slash between base and path") {
    CHECK(net::join_url("https://session.sonar.de/acme", "/api/sdk/v1/scopes-allowed") ==
          "https://session.sonar.de/acme/api/sdk/v1/scopes-allowed");
    CHECK(net::join_url("https://session.sonar.de/acme/", "/api/sdk/v1/scopes-allowed") ==
          "https://session.sonar.de/acme/api/sdk/v1/scopes-allowed");
    CHECK(net::join_url("https://session.sonar.de/acme//", "api/sdk") == "https://session.sonar.de/acme/api/sdk");
    CHECK(net::join_url("https://session.sonar.de/acme", "api/sdk") == "https://session.sonar.de/acme/api/sdk");
    CHECK(net::join_url("https://api.socket.dev", "/v0/quota") == "https://api.socket.dev/v0/quota");
    CHECK(net::join_url("https://api.example.com", "/v1/orders?limit=1") == "https://api.example.com/v1/orders?limit=1");
  }

  TEST_CASE("is_loopback_host: 127.0.0.0/8, ::1 and localhost only") {
    CHECK(net::is_loopback_host("127.0.0.1"));
    CHECK(net::is_loopback_host("127.1.2.3"));
    CHECK(net::is_loopback_host("127.255.255.255"));
    CHECK(net::is_loopback_host("::1"));
    CHECK(net::is_loopback_host("localhost"));
    CHECK(net::is_loopback_host("api.localhost"));

    CHECK_FALSE(net::is_loopback_host("128.0.0.1"));
    CHECK_FALSE(net::is_loopback_host("126.255.255.255"));
    CHECK_FALSE(net::is_loopback_host("10.0.0.1"));
    CHECK_FALSE(net::is_loopback_host("0.0.0.0"));
    CHECK_FALSE(net::is_loopback_host("::2"));
    CHECK_FALSE(net::is_loopback_host("example.com"));
    CHECK_FALSE(net::is_loopback_host("127.0.0.1.example.com"));
    CHECK_FALSE(net::is_loopback_host("localhost.example.com"));
    CHECK_FALSE(net::is_loopback_host("evillocalhost"));
    CHECK_FALSE(net::is_loopback_host(""));
  }

  TEST_CASE("is_ip_literal: IPv4 and IPv6 addresses, not names") {
    CHECK(net::is_ip_literal("1.2.3.4"));
    CHECK(net::is_ip_literal("127.0.0.1"));
    CHECK(net::is_ip_literal("::1"));
    CHECK(net::is_ip_literal("fe80::1"));
    CHECK(net::is_ip_literal("2001:db8::8a2e:370:7334"));

    CHECK_FALSE(net::is_ip_literal("example.com"));
    CHECK_FALSE(net::is_ip_literal("1.2.3"));
    CHECK_FALSE(net::is_ip_literal("256.1.1.1"));
    CHECK_FALSE(net::is_ip_literal("[::1]"));
    CHECK_FALSE(net::is_ip_literal("localhost"));
    CHECK_FALSE(net::is_ip_literal(""));
  }

  TEST_CASE("has_scheme and url_origin: absolute URLs have an origin, references do not") {
    CHECK(net::has_scheme("https://api.example.com/x"));
    CHECK_FALSE(net::has_scheme("/login?next=https://evil.example"));
    CHECK_FALSE(net::has_scheme("://host"));
    CHECK(net::url_origin("https://API.example.com/v1/x?y") == std::optional<std::string>("https://api.example.com:443"));
    CHECK(net::url_origin("http://127.0.0.1:8080") == std::optional<std::string>("http://127.0.0.1:8080"));
    CHECK_FALSE(net::url_origin("/v1/x").has_value());
    CHECK_FALSE(net::url_origin("ftp://example.com/").has_value());
  }
}
