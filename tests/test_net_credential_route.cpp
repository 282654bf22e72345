#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "net/credential_route.h"

using namespace scopegate;
using net::Cleartext;

namespace {
net::Url url(const std::string& text) {
  std::string error;
  auto parsed = net::parse_url(text, &error);
  REQUIRE_MESSAGE(parsed, text << ": " << error);
  return *parsed;
}

// One row: a credential of `own` about to go to `target`, with or without a
// proxy on the way and the manifest's allow_insecure_http, carrying `token`.
struct Route {
  const char* own;
  const char* target;
  const char* proxy;  // "" for none
  bool allow_insecure_http;
  bool same_origin;
  Cleartext cleartext;
};

const Route kRoutes[] = {
    {"https://api.example.com", "https://api.example.com/v1/x", "", false, true, Cleartext::kEncrypted},
    {"https://api.example.com", "https://api.example.com:443/", "", false, true, Cleartext::kEncrypted},
    {"https://api.example.com", "https://API.example.com/", "", false, true, Cleartext::kEncrypted},
    {"https://api.example.com", "https://api.example.com:8443/", "", false, false, Cleartext::kEncrypted},
    {"https://api.example.com", "https://evil.example.com/", "", false, false, Cleartext::kEncrypted},
    {"https://api.example.com", "https://api.example.com.evil.net/", "", false, false, Cleartext::kEncrypted},
    {"https://api.example.com", "http://api.example.com/", "", false, false, Cleartext::kLeavesMachine},
    {"https://api.example.com", "https://api.example.com/", "http://proxy:3128", false, true, Cleartext::kEncrypted},
    {"http://api.example.com", "http://api.example.com/", "", true, true, Cleartext::kAllowed},
    {"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "", false, true, Cleartext::kAllowed},
    {"http://localhost:8080", "http://localhost:8080/", "", false, true, Cleartext::kAllowed},
    {"http://[::1]:8080", "http://[::1]:8080/", "", false, true, Cleartext::kAllowed},
    {"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://proxy:3128", false, true, Cleartext::kThroughProxy},
    {"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://proxy:3128", true, true, Cleartext::kAllowed},
    {"http://127.0.0.1:8080", "http://127.0.0.1:9090/", "", false, false, Cleartext::kAllowed},
    {"http://10.0.0.5", "http://10.0.0.5/", "", false, true, Cleartext::kLeavesMachine},
};
}  // namespace

TEST_SUITE("net.credential_route") {
  TEST_CASE("each route: same origin or refused, and what clear text means there") {
    for (const Route& route : kRoutes) {
      CAPTURE(route.own);
      CAPTURE(route.target);
      CAPTURE(route.proxy);
      const net::Url target = url(route.target);
      const std::string own = url(route.own).origin();
      const auto refusal = net::other_origin_refusal(own, target);
      CHECK(!refusal.has_value() == route.same_origin);
      if (refusal) CHECK(*refusal == "the token goes only to its provider's origin " + own + ", not to " + target.origin());
      const std::optional<net::Url> proxy = *route.proxy ? std::optional<net::Url>(url(route.proxy)) : std::nullopt;
      CHECK(net::cleartext_route(target, proxy, route.allow_insecure_http) == route.cleartext);
      // A redirect is the same question, asked of the URL it leaves.
      CHECK(net::redirect_refusal(url(route.own), target).has_value() == !route.same_origin);
    }
  }

  TEST_CASE("a URL carries a secret as written or percent-encoded, anywhere in it") {
    const std::string token = "s3cr+t/==";
    for (const char* text : {"https://h/s3cr+t/==", "https://h/x?k=s3cr%2Bt%2F%3D%3D", "https://s3cr+t/==.h/"})
      CHECK_MESSAGE(net::url_carries_secret(text, token), text);
    CHECK_FALSE(net::url_carries_secret("https://h/s3cr", token));
    CHECK_FALSE(net::url_carries_secret("https://h/abc", "abc"));  // too short to look for
  }

  TEST_CASE("a refused redirect says where it would have gone and what to do") {
    CHECK(net::redirect_refusal(url("https://a.example/v1"), url("https://b.example/v1")) ==
          "https://a.example/v1 redirected to another origin, https://b.example:443; scopegate does not send "
          "the token there (if that is the API, set base_url to it)");
  }
}
