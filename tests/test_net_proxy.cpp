#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "net/proxy.h"
#include "net/url.h"
#include "support/fakes.h"

using namespace scopegate;
using testing::FakeEnvironment;

namespace {
net::Url url(const std::string& text) {
  std::string error;
  const auto parsed = net::parse_url(text, &error);
  INFO(text << ": " << error);
  REQUIRE(parsed.has_value());
  return *parsed;
}

// The proxy chosen for `target` as "host:port" (with "user@" in front when it
// has userinfo), "direct" for none, or "error: MESSAGE".
std::string proxy_for(const FakeEnvironment& environment, const std::string& target) {
  const net::ProxySettings settings = net::ProxySettings::from_environment(environment);
  std::string error;
  const auto proxy = settings.proxy_for(url(target), &error);
  if (!error.empty()) {
    CHECK_FALSE(proxy.has_value());
    return "error: " + error;
  }
  if (!proxy) return "direct";
  CHECK(proxy->scheme == "http");
  return (proxy->userinfo.empty() ? "" : proxy->userinfo + "@") + proxy->authority();
}

constexpr const char* kHttps = "https://api.example.com/v1/user";
constexpr const char* kHttp = "http://api.example.com/v1/user";
}  // namespace

TEST_SUITE("net.proxy") {
  TEST_CASE("no proxy variables: every request goes direct") {
    const FakeEnvironment environment;
    CHECK(proxy_for(environment, kHttps) == "direct");
    CHECK(proxy_for(environment, kHttp) == "direct");
  }

  TEST_CASE("https_proxy wins over HTTPS_PROXY, either is used alone") {
    CHECK(proxy_for({{"https_proxy", "http://lower.corp:3128"}, {"HTTPS_PROXY", "http://upper.corp:3128"}}, kHttps) ==
          "lower.corp:3128");
    CHECK(proxy_for({{"HTTPS_PROXY", "http://upper.corp:3128"}}, kHttps) == "upper.corp:3128");
    CHECK(proxy_for({{"https_proxy", "http://lower.corp:3128"}}, kHttps) == "lower.corp:3128");
    // An empty variable counts as unset.
    CHECK(proxy_for({{"https_proxy", ""}, {"HTTPS_PROXY", "http://upper.corp:3128"}}, kHttps) == "upper.corp:3128");
  }

  TEST_CASE("the https proxy is not used for http, nor the http proxy for https") {
    CHECK(proxy_for({{"https_proxy", "http://secure.corp:3128"}}, kHttp) == "direct");
    CHECK(proxy_for({{"http_proxy", "http://plain.corp:3128"}}, kHttps) == "direct");
    CHECK(proxy_for({{"http_proxy", "http://plain.corp:3128"}, {"https_proxy", "http://secure.corp:3129"}}, kHttp) ==
          "plain.corp:3128");
  }

  TEST_CASE("http_proxy and HTTP_PROXY for http URLs") {
    CHECK(proxy_for({{"http_proxy", "http://lower.corp:3128"}}, kHttp) == "lower.corp:3128");
    CHECK(proxy_for({{"HTTP_PROXY", "http://upper.corp:3128"}}, kHttp) == "upper.corp:3128");
    CHECK(proxy_for({{"http_proxy", "http://lower.corp:3128"}, {"HTTP_PROXY", "http://upper.corp:3128"}}, kHttp) ==
          "lower.corp:3128");
  }

  TEST_CASE("under CGI (REQUEST_METHOD set) HTTP_PROXY is ignored, the httpoxy rule") {
    CHECK(proxy_for({{"REQUEST_METHOD", "GET"}, {"HTTP_PROXY", "http://attacker.example:8080"}}, kHttp) == "direct");
    // Even an empty REQUEST_METHOD marks CGI.
    CHECK(proxy_for({{"REQUEST_METHOD", ""}, {"HTTP_PROXY", "http://attacker.example:8080"}}, kHttp) == "direct");
    // The lower-case name cannot come from a request header, so it still counts.
    CHECK(proxy_for({{"REQUEST_METHOD", "GET"}, {"http_proxy", "http://proxy.corp:3128"},
                     {"HTTP_PROXY", "http://attacker.example:8080"}},
                    kHttp) == "proxy.corp:3128");
    // HTTPS_PROXY is not a CGI header name problem.
    CHECK(proxy_for({{"REQUEST_METHOD", "GET"}, {"HTTPS_PROXY", "http://proxy.corp:3128"}}, kHttps) ==
          "proxy.corp:3128");
  }

  TEST_CASE("all_proxy and ALL_PROXY are the fallback for both schemes") {
    CHECK(proxy_for({{"all_proxy", "http://all.corp:8080"}}, kHttps) == "all.corp:8080");
    CHECK(proxy_for({{"all_proxy", "http://all.corp:8080"}}, kHttp) == "all.corp:8080");
    CHECK(proxy_for({{"ALL_PROXY", "http://upper-all.corp:8080"}}, kHttps) == "upper-all.corp:8080");
    CHECK(proxy_for({{"all_proxy", "http://lower-all.corp:8080"}, {"ALL_PROXY", "http://upper-all.corp:8080"}}, kHttp) ==
          "lower-all.corp:8080");
    // The scheme's own variable wins.
    CHECK(proxy_for({{"all_proxy", "http://all.corp:8080"}, {"https_proxy", "http://secure.corp:3128"}}, kHttps) ==
          "secure.corp:3128");
    CHECK(proxy_for({{"all_proxy", "http://all.corp:8080"}, {"https_proxy", "http://secure.corp:3128"}}, kHttp) ==
          "all.corp:8080");
  }

  TEST_CASE("a proxy URL without a port uses 1080, as curl does") {
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp"}}, kHttps) == "proxy.corp:1080");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp/"}}, kHttps) == "proxy.corp:1080");
    CHECK(proxy_for({{"https_proxy", "proxy.corp"}}, kHttps) == "proxy.corp:1080");
    CHECK(proxy_for({{"https_proxy", "http://[::1]"}}, kHttps) == "[::1]:1080");
    CHECK(proxy_for({{"https_proxy", "http://[::1]:3128"}}, kHttps) == "[::1]:3128");
    // An explicit :80 is kept, not replaced by 1080.
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:80"}}, kHttps) == "proxy.corp:80");
  }

  TEST_CASE("a proxy without a scheme is an http proxy") {
    CHECK(proxy_for({{"https_proxy", "proxy:3128"}}, kHttps) == "proxy:3128");
    CHECK(proxy_for({{"http_proxy", "10.0.0.5:8080"}}, kHttp) == "10.0.0.5:8080");
  }

  TEST_CASE("an https:// proxy is refused with an error") {
    CHECK(proxy_for({{"https_proxy", "https://proxy.corp:3128"}}, kHttps) ==
          "error: the proxy proxy.corp:3128 is an https:// proxy, which scopegate does not support; use http://");
    CHECK(proxy_for({{"HTTPS_PROXY", "HTTPS://proxy.corp"}}, kHttps) ==
          "error: the proxy proxy.corp:443 is an https:// proxy, which scopegate does not support; use http://");
  }

  TEST_CASE("a proxy URL that cannot be read is an error, not a silent direct connection") {
    CHECK(proxy_for({{"https_proxy", "socks5://proxy.corp:1080"}}, kHttps) ==
          "error: cannot use the proxy in https_proxy: unsupported scheme 'socks5' (expected https or http)");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:99999"}}, kHttps) ==
          "error: cannot use the proxy in https_proxy: invalid port '99999'");
  }

  TEST_CASE("the proxy's userinfo is kept for Proxy-Authorization") {
    CHECK(proxy_for({{"https_proxy", "http://ci-user:pa%40ss@proxy.corp:3128"}}, kHttps) ==
          "ci-user:pa%40ss@proxy.corp:3128");
    // Without a port the userinfo does not confuse the default-port rule.
    CHECK(proxy_for({{"https_proxy", "http://ci-user:secret@proxy.corp"}}, kHttps) == "ci-user:secret@proxy.corp:1080");
    CHECK(proxy_for({{"https_proxy", "ci-user:secret@proxy.corp:3128"}}, kHttps) == "ci-user:secret@proxy.corp:3128");
  }

  TEST_CASE("no_proxy_matches: the whole value * matches everything") {
    CHECK(net::no_proxy_matches("*", "api.example.com"));
    CHECK(net::no_proxy_matches("*", "10.0.0.1"));
    CHECK(net::no_proxy_matches("*", "::1"));
    CHECK(net::no_proxy_matches("*", "[::1]"));
  }

  TEST_CASE("no_proxy_matches: * inside a list, or with blanks around it, is an ordinary name, as in curl") {
    // curl compares the whole value with "*" (strcmp); anything else is a list.
    CHECK_FALSE(net::no_proxy_matches(" * ", "api.example.com"));
    CHECK_FALSE(net::no_proxy_matches("*\t", "api.example.com"));
    CHECK_FALSE(net::no_proxy_matches("localhost,*", "api.example.com"));
    CHECK_FALSE(net::no_proxy_matches("*,localhost", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("* ::1", "::2"));
    CHECK(net::no_proxy_matches("*,localhost", "localhost"));
  }

  TEST_CASE("no_proxy_matches: exact host and domain suffix") {
    CHECK(net::no_proxy_matches("example.com", "example.com"));
    CHECK(net::no_proxy_matches("example.com", "api.example.com"));
    CHECK(net::no_proxy_matches("example.com", "a.b.example.com"));
    CHECK(net::no_proxy_matches(".example.com", "api.example.com"));
    CHECK(net::no_proxy_matches(".example.com", "example.com"));
    CHECK_FALSE(net::no_proxy_matches("api.example.com", "example.com"));
    CHECK_FALSE(net::no_proxy_matches("example.com", "example.org"));
  }

  TEST_CASE("no_proxy_matches is a domain match, not a string suffix match") {
    CHECK_FALSE(net::no_proxy_matches("example.com", "notexample.com"));
    CHECK_FALSE(net::no_proxy_matches(".example.com", "notexample.com"));
    CHECK_FALSE(net::no_proxy_matches("example.com", "example.com.evil.net"));
    CHECK_FALSE(net::no_proxy_matches("ample.com", "example.com"));
    CHECK_FALSE(net::no_proxy_matches("com", "example.co"));
  }

  TEST_CASE("no_proxy_matches ignores case") {
    CHECK(net::no_proxy_matches("Example.COM", "api.example.com"));
    CHECK(net::no_proxy_matches("example.com", "API.EXAMPLE.COM"));
    CHECK(net::no_proxy_matches(".INTERNAL.corp", "Svc.Internal.Corp"));
  }

  TEST_CASE("no_proxy_matches: IPv4 addresses match exactly") {
    CHECK(net::no_proxy_matches("10.1.2.3", "10.1.2.3"));
    CHECK_FALSE(net::no_proxy_matches("10.1.2.3", "10.1.2.4"));
    // No suffix matching for addresses.
    CHECK_FALSE(net::no_proxy_matches("0.0.1", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("2.3", "10.1.2.3"));
    // A name never matches an address.
    CHECK_FALSE(net::no_proxy_matches("example.com", "10.0.0.1"));
  }

  TEST_CASE("no_proxy_matches: CIDR ranges") {
    CHECK(net::no_proxy_matches("10.0.0.0/8", "10.200.3.4"));
    CHECK(net::no_proxy_matches("10.0.0.0/8", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.0/8", "11.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.0/8", "9.255.255.255"));
    CHECK(net::no_proxy_matches("127.0.0.1/32", "127.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("127.0.0.1/32", "127.0.0.2"));
    CHECK(net::no_proxy_matches("192.168.0.0/16", "192.168.255.1"));
    CHECK_FALSE(net::no_proxy_matches("192.168.0.0/16", "192.169.0.1"));
    // A prefix that does not end on a byte boundary.
    CHECK(net::no_proxy_matches("172.16.0.0/12", "172.16.0.1"));
    CHECK(net::no_proxy_matches("172.16.0.0/12", "172.31.255.255"));
    CHECK_FALSE(net::no_proxy_matches("172.16.0.0/12", "172.32.0.0"));
    CHECK_FALSE(net::no_proxy_matches("172.16.0.0/12", "172.15.255.255"));
    // A range never matches a name.
    CHECK_FALSE(net::no_proxy_matches("10.0.0.0/8", "example.com"));
    // A broken prefix matches nothing.
    CHECK_FALSE(net::no_proxy_matches("10.0.0.0/x", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.0/", "10.0.0.1"));
  }

  TEST_CASE("no_proxy_matches: IPv6 addresses and ranges") {
    CHECK(net::no_proxy_matches("::1", "::1"));
    CHECK_FALSE(net::no_proxy_matches("::1", "::2"));
    CHECK(net::no_proxy_matches("fe80::/10", "fe80::1"));
    CHECK(net::no_proxy_matches("::1/128", "::1"));
    CHECK_FALSE(net::no_proxy_matches("fe80::/10", "2001:db8::1"));
    // An IPv6 entry never matches an IPv4 host.
    CHECK_FALSE(net::no_proxy_matches("::1", "127.0.0.1"));
  }

  TEST_CASE("no_proxy_matches: an entry with a port matches nothing, as in curl") {
    // curl compares the entry, port and all, with the host name: never equal.
    CHECK_FALSE(net::no_proxy_matches("example.com:8080", "example.com"));
    CHECK_FALSE(net::no_proxy_matches("example.com:8080", "api.example.com"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.1:3128", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("[::1]:8080", "::1"));
    CHECK_FALSE(net::no_proxy_matches("example.com:8080", "notexample.com"));
    // The other entries of the list still count.
    CHECK(net::no_proxy_matches("example.com:8080,example.com", "example.com"));
  }

  TEST_CASE("no_proxy_matches: an empty entry matches nothing") {
    CHECK_FALSE(net::no_proxy_matches("", "example.com"));
    CHECK_FALSE(net::no_proxy_matches("   ", "example.com"));
    CHECK_FALSE(net::no_proxy_matches(".", "example.com"));
  }

  TEST_CASE("bypasses() reads NO_PROXY entries separated by commas and spaces") {
    const FakeEnvironment environment{{"NO_PROXY", "localhost, .internal.corp 10.0.0.0/8,,example.org  ::1"}};
    const net::ProxySettings settings = net::ProxySettings::from_environment(environment);
    CHECK(settings.bypasses("localhost"));
    CHECK(settings.bypasses("svc.internal.corp"));
    CHECK(settings.bypasses("internal.corp"));
    CHECK(settings.bypasses("10.20.30.40"));
    CHECK(settings.bypasses("example.org"));
    CHECK(settings.bypasses("api.example.org"));
    CHECK(settings.bypasses("::1"));
    CHECK_FALSE(settings.bypasses("example.com"));
    CHECK_FALSE(settings.bypasses("notexample.org"));
    CHECK_FALSE(settings.bypasses("11.0.0.1"));
    CHECK_FALSE(settings.bypasses("internal.corp.evil.net"));
  }

  TEST_CASE("no_proxy wins over NO_PROXY, and an unset one bypasses nothing") {
    const FakeEnvironment both{{"no_proxy", "lower.example"}, {"NO_PROXY", "upper.example"}};
    const auto settings = net::ProxySettings::from_environment(both);
    CHECK(settings.bypasses("lower.example"));
    CHECK_FALSE(settings.bypasses("upper.example"));

    const auto none = net::ProxySettings::from_environment(FakeEnvironment{});
    CHECK_FALSE(none.bypasses("localhost"));
    CHECK_FALSE(none.bypasses("example.com"));
  }

  TEST_CASE("a host in NO_PROXY is reached directly, others through the proxy") {
    const FakeEnvironment environment{{"https_proxy", "http://proxy.corp:3128"},
                                      {"http_proxy", "http://proxy.corp:3128"},
                                      {"no_proxy", "internal.corp,127.0.0.0/8"}};
    CHECK(proxy_for(environment, "https://git.internal.corp/api/v4/user") == "direct");
    CHECK(proxy_for(environment, "http://127.0.0.1:8080/x") == "direct");
    CHECK(proxy_for(environment, "https://api.github.com/user") == "proxy.corp:3128");
    CHECK(proxy_for(environment, "https://notinternal.corp/") == "proxy.corp:3128");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:3128"}, {"NO_PROXY", "*"}}, kHttps) == "direct");
  }

  TEST_CASE("a bypassed host needs no usable proxy") {
    // The broken proxy is never looked at for a host that goes direct.
    CHECK(proxy_for({{"https_proxy", "https://proxy.corp"}, {"no_proxy", "example.com"}}, kHttps) == "direct");
  }

  TEST_CASE("no_proxy_matches: entries are separated by commas, spaces and tabs, in any mix") {
    CHECK(net::no_proxy_matches("a.test,b.test", "b.test"));
    CHECK(net::no_proxy_matches("a.test b.test", "b.test"));
    CHECK(net::no_proxy_matches("a.test\tb.test", "b.test"));
    CHECK(net::no_proxy_matches("a.test \t, ,,\tb.test", "b.test"));
    CHECK(net::no_proxy_matches(" \ta.test", "a.test"));
    CHECK(net::no_proxy_matches("a.test,,,", "a.test"));
    CHECK(net::no_proxy_matches("a.test\t10.0.0.0/8", "10.1.2.3"));
    CHECK(net::no_proxy_matches("a.test\t::1/128", "::1"));
    // Other white space is part of an entry, as curl's ISBLANK has it.
    CHECK_FALSE(net::no_proxy_matches("a.test\nb.test", "b.test"));
    CHECK_FALSE(net::no_proxy_matches("a.test;b.test", "b.test"));
  }

  TEST_CASE("no_proxy_matches: one leading dot and one trailing dot of an entry, and a trailing dot of the host, are ignored") {
    CHECK(net::no_proxy_matches(".example.com", "example.com"));
    CHECK(net::no_proxy_matches("example.com.", "api.example.com"));
    CHECK(net::no_proxy_matches(".example.com.", "example.com"));
    CHECK(net::no_proxy_matches("example.com", "example.com."));
    CHECK(net::no_proxy_matches(".example.com", "api.example.com."));
    CHECK(net::no_proxy_matches("www.example.com.", "www.example.com"));
    CHECK_FALSE(net::no_proxy_matches("..example.com", "api.example.com"));
    CHECK_FALSE(net::no_proxy_matches(".example.com", "notexample.com."));
    // A wildcard label is not curl's syntax: "*.example.com" is a name like any other.
    CHECK_FALSE(net::no_proxy_matches("*.example.com", "api.example.com"));
  }

  TEST_CASE("no_proxy_matches: a CIDR prefix over 32 (IPv4) or 128 (IPv6) matches nothing, it is not clamped") {
    CHECK(net::no_proxy_matches("10.0.0.1/32", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.1/33", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.1/999", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.1/-8", "10.0.0.1"));
    CHECK(net::no_proxy_matches("::1/128", "::1"));
    CHECK_FALSE(net::no_proxy_matches("::1/129", "::1"));
    CHECK_FALSE(net::no_proxy_matches("::1/200", "::1"));
  }

  TEST_CASE("no_proxy_matches: a prefix of 0 compares the whole address, as curl reads it") {
    CHECK_FALSE(net::no_proxy_matches("0.0.0.0/0", "8.8.8.8"));
    CHECK(net::no_proxy_matches("8.8.8.8/0", "8.8.8.8"));
    CHECK_FALSE(net::no_proxy_matches("::/0", "2001:db8::1"));
  }

  TEST_CASE("no_proxy_matches: IPv6 hosts, bracketed or not, are compared as addresses") {
    for (const char* host : {"::1", "[::1]"}) {
      CAPTURE(host);
      CHECK(net::no_proxy_matches("::1", host));
      CHECK(net::no_proxy_matches("::1/128", host));
      CHECK(net::no_proxy_matches("0:0:0:0:0:0:0:1", host));  // the same address, written out
      CHECK(net::no_proxy_matches("foo, bar, ::1/64", host));
      CHECK(net::no_proxy_matches("::/64", host));
      CHECK_FALSE(net::no_proxy_matches("::2", host));
      CHECK_FALSE(net::no_proxy_matches("127.0.0.1", host));
      CHECK_FALSE(net::no_proxy_matches("localhost", host));
      // Entries are not bracketed: curl reads "[::1]" as no address at all.
      CHECK_FALSE(net::no_proxy_matches("[::1]", host));
    }
    CHECK(net::no_proxy_matches("2001:DB8::/32", "2001:db8:ffff::1"));
    CHECK(net::no_proxy_matches("fe80::/10", "febf::1"));
    CHECK_FALSE(net::no_proxy_matches("fe80::/10", "fec0::1"));  // the 10th bit differs
    CHECK_FALSE(net::no_proxy_matches("fe80::/10", "fe7f::1"));
    CHECK_FALSE(net::no_proxy_matches("::1", "[::1"));           // no closing bracket: no host
  }

  TEST_CASE("no_proxy_matches: an IPv4 host is compared as an address, never as a name") {
    CHECK(net::no_proxy_matches("foo, bar, 192.168.0.0/16", "192.168.1.1"));
    CHECK_FALSE(net::no_proxy_matches("foo, bar, 192.168.0.0/24", "192.168.1.1"));
    CHECK_FALSE(net::no_proxy_matches("192.168.0.0", "192.168.0.1"));
    CHECK_FALSE(net::no_proxy_matches("10.0.0.1.", "10.0.0.1"));
    CHECK_FALSE(net::no_proxy_matches("0.1", "10.0.0.1"));
    CHECK(net::no_proxy_matches("127.0.0.1/8,localhost,", "127.0.0.1"));
  }

  TEST_CASE("no_proxy_matches: an empty host or an empty value matches nothing") {
    CHECK_FALSE(net::no_proxy_matches("", "example.com"));
    CHECK_FALSE(net::no_proxy_matches("*", ""));
    CHECK_FALSE(net::no_proxy_matches(" , ,", "example.com"));
  }

  TEST_CASE("NO_PROXY from the environment: the whole value * bypasses every host, a list with * does not") {
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:3128"}, {"no_proxy", "*"}}, kHttps) == "direct");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:3128"}, {"no_proxy", "localhost,*"}}, kHttps) ==
          "proxy.corp:3128");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:3128"}, {"no_proxy", "localhost\t.example.com"}}, kHttps) ==
          "direct");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:3128"}, {"no_proxy", "::1"}}, "https://[::1]:8443/") == "direct");
    CHECK(proxy_for({{"https_proxy", "http://proxy.corp:3128"}, {"no_proxy", "[::1]"}}, "https://[::1]:8443/") ==
          "proxy.corp:3128");
  }

  TEST_CASE("proxy_authorization: user and password are percent-decoded before Basic encoding, as curl sends them") {
    // base64("us@r:p:ss")
    CHECK(net::proxy_authorization("us%40r:p%3Ass") == "Basic dXNAcjpwOnNz");
    // The first raw colon splits; an encoded one belongs to the user name.
    CHECK(net::proxy_authorization("a%3Ab:c") == "Basic " + std::string("YTpiOmM="));  // "a:b:c"
    // Without a password: "user:", as curl sends it.
    CHECK(net::proxy_authorization("ci-user") == "Basic Y2ktdXNlcjo=");
    // "%" without two hex digits stays as it is.
    CHECK(net::proxy_authorization("a%zz:b%4") == "Basic YSV6ejpiJTQ=");  // "a%zz:b%4"
    CHECK(net::proxy_authorization("").empty());
  }

  TEST_CASE("a proxy password that decodes to a control character is refused, not sent") {
    const std::string result = proxy_for({{"https_proxy", "http://user:pa%0D%0Ass@proxy.corp:3128"}}, kHttps);
    CHECK(result ==
          "error: cannot use the proxy proxy.corp:3128 in https_proxy: its user name or password holds a "
          "control character once percent-decoded");
    CHECK(result.find("pa%0D") == std::string::npos);
    // Raw in the variable: named by position, the password never shown.
    const std::string raw = proxy_for({{"HTTPS_PROXY", "http://user:se\r\ncret@proxy.corp:3128"}}, kHttps);
    CHECK(raw == "error: cannot use the proxy in HTTPS_PROXY: the URL contains U+000D (carriage return) at position 15 "
                 "(it holds more than one line)");
  }
}
