#include <doctest/doctest.h>

#include <string>

#include "net/http_response.h"

using scopegate::net::HttpResponse;
using scopegate::net::parse_saved_response;

namespace {
struct Parsed {
  bool ok = false;
  HttpResponse response;
  std::string error;
};

Parsed parse(std::string_view text) {
  Parsed parsed;
  parsed.response.status = -1;
  parsed.response.body = "stale";
  parsed.ok = parse_saved_response(text, &parsed.response, &parsed.error);
  return parsed;
}
}  // namespace

TEST_SUITE("net/http_response") {
  TEST_CASE("a plain body is a 200 answer with no headers") {
    SUBCASE("json") {
      const auto parsed = parse(R"({"scopes": ["a"]})");
      REQUIRE(parsed.ok);
      CHECK(parsed.response.status == 200);
      CHECK(parsed.response.headers.empty());
      CHECK(parsed.response.body == R"({"scopes": ["a"]})");
      CHECK(parsed.error.empty());
    }
    SUBCASE("empty") {
      const auto parsed = parse("");
      REQUIRE(parsed.ok);
      CHECK(parsed.response.status == 200);
      CHECK(parsed.response.body.empty());
    }
    SUBCASE("leading whitespace or lower-case http is body, not a status line") {
      const auto spaced = parse(" HTTP/1.1 401 Unauthorized\r\n\r\n");
      REQUIRE(spaced.ok);
      CHECK(spaced.response.status == 200);
      CHECK(spaced.response.body == " HTTP/1.1 401 Unauthorized\r\n\r\n");
      const auto lower = parse("http/1.1 401\n\n");
      REQUIRE(lower.ok);
      CHECK(lower.response.status == 200);
    }
  }

  TEST_CASE("status line, headers and body with CRLF") {
    const auto parsed = parse(
        "HTTP/1.1 200 OK\r\nX-OAuth-Scopes: repo, read:org\r\nContent-Type: application/json\r\n\r\n"
        "{\"login\": \"octocat\"}");
    REQUIRE(parsed.ok);
    CHECK(parsed.response.status == 200);
    REQUIRE(parsed.response.headers.size() == 2);
    CHECK(parsed.response.headers[0].first == "X-OAuth-Scopes");
    CHECK(parsed.response.headers[0].second == "repo, read:org");
    CHECK(parsed.response.headers[1].first == "Content-Type");
    CHECK(parsed.response.headers[1].second == "application/json");
    CHECK(parsed.response.header("X-OAuth-Scopes") == std::optional<std::string>("repo, read:org"));
    CHECK(parsed.response.body == "{\"login\": \"octocat\"}");
  }

  TEST_CASE("status line, headers and body with bare LF") {
    const auto parsed = parse(
        "HTTP/1.1 200 OK\nX-OAuth-Scopes: repo, read:org\n\n{\"login\": \"octocat\"}\n");
    REQUIRE(parsed.ok);
    CHECK(parsed.response.status == 200);
    CHECK(parsed.response.header("x-oauth-scopes") == std::optional<std::string>("repo, read:org"));
    CHECK(parsed.response.body == "{\"login\": \"octocat\"}\n");
  }

  TEST_CASE("the body is kept byte for byte, line endings included") {
    const auto parsed = parse("HTTP/1.1 200 OK\r\n\r\nline one\r\nline two\r\n\r\nafter blank");
    REQUIRE(parsed.ok);
    CHECK(parsed.response.headers.empty());
    CHECK(parsed.response.body == "line one\r\nline two\r\n\r\nafter blank");
  }

  TEST_CASE("header values are trimmed and may contain colons") {
    const auto parsed = parse(
        "HTTP/1.1 200 OK\r\nDate:   Sun, 06 Nov 1994 08:49:37 GMT  \r\nEmpty:\r\nLocation: "
        "https://x.test:8443/a\r\n\r\n");
    REQUIRE(parsed.ok);
    CHECK(parsed.response.header("date") == std::optional<std::string>("Sun, 06 Nov 1994 08:49:37 GMT"));
    CHECK(parsed.response.header("Empty") == std::optional<std::string>(""));
    CHECK(parsed.response.header("location") == std::optional<std::string>("https://x.test:8443/a"));
    CHECK(parsed.response.body.empty());
  }

  TEST_CASE("the status code is read from HTTP/1.x and HTTP/2 status lines") {
    const struct {
      const char* text;
      int status;
    } cases[] = {
        {"HTTP/1.1 401 Unauthorized\r\n\r\n{}", 401},
        {"HTTP/1.0 503 Service Unavailable\r\n\r\n", 503},
        {"HTTP/2 429\r\nretry-after: 30\r\n\r\n", 429},
        {"HTTP/2 200 \r\n\r\n", 200},
        {"HTTP/1.1 100 Continue\r\n\r\n", 100},
        {"HTTP/1.1 599 Custom\r\n\r\n", 599},
    };
    for (const auto& c : cases) {
      CAPTURE(std::string(c.text));
      const auto parsed = parse(c.text);
      REQUIRE(parsed.ok);
      CHECK(parsed.response.status == c.status);
    }
  }

  TEST_CASE("several header blocks: the last one wins") {
    SUBCASE("curl -si -L across a redirect") {
      const auto parsed = parse(
          "HTTP/1.1 301 Moved Permanently\r\nLocation: https://api.example.test/user\r\n"
          "X-OAuth-Scopes: stale\r\n\r\n"
          "HTTP/2 200\r\nx-oauth-scopes: repo, gist\r\ncontent-type: application/json\r\n\r\n"
          "{\"login\": \"octocat\"}");
      REQUIRE(parsed.ok);
      CHECK(parsed.response.status == 200);
      CHECK(parsed.response.header("X-OAuth-Scopes") == std::optional<std::string>("repo, gist"));
      CHECK(parsed.response.header("Location") == std::nullopt);  // first block's headers are gone
      CHECK(parsed.response.headers.size() == 2);
      CHECK(parsed.response.body == "{\"login\": \"octocat\"}");
    }
    SUBCASE("100 Continue before the answer") {
      const auto parsed =
          parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n\r\n"
                "{\"message\": \"Bad credentials\"}");
      REQUIRE(parsed.ok);
      CHECK(parsed.response.status == 401);
      CHECK(parsed.response.header("www-authenticate") == std::optional<std::string>("Bearer"));
      CHECK(parsed.response.body == "{\"message\": \"Bad credentials\"}");
    }
    SUBCASE("three hops with LF line endings") {
      const auto parsed = parse(
          "HTTP/1.1 302 Found\nLocation: /a\n\nHTTP/1.1 307 Temporary Redirect\nLocation: /b\n\n"
          "HTTP/1.1 404 Not Found\n\nnot here");
      REQUIRE(parsed.ok);
      CHECK(parsed.response.status == 404);
      CHECK(parsed.response.headers.empty());
      CHECK(parsed.response.body == "not here");
    }
  }

  TEST_CASE("headers that run to the end of the file leave an empty body") {
    const auto parsed = parse("HTTP/1.1 204 No Content\r\nX-Request-Id: 1");
    REQUIRE(parsed.ok);
    CHECK(parsed.response.status == 204);
    CHECK(parsed.response.header("x-request-id") == std::optional<std::string>("1"));
    CHECK(parsed.response.body.empty());
  }

  TEST_CASE("a status line that cannot be read is an error") {
    const char* bad[] = {
        "HTTP/1.1\r\n\r\n{}",
        "HTTP/1.1 \r\n\r\n",
        "HTTP/1.1 OK 200\r\n\r\n",
        "HTTP/1.1 20\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 600 High\r\n\r\n",
        "HTTP/1.1 -20 Neg\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/",
        "HTTP/1.1 301 Moved\r\n\r\nHTTP/2 banana\r\n\r\n",  // a later block is bad
    };
    for (const char* text : bad) {
      CAPTURE(std::string(text));
      const auto parsed = parse(text);
      CHECK_FALSE(parsed.ok);
      CHECK(parsed.error.find("status line") != std::string::npos);
    }
  }

  TEST_CASE("a header line without a name is an error") {
    SUBCASE("no colon") {
      const auto parsed = parse("HTTP/1.1 200 OK\r\nthis is not a header\r\n\r\n{}");
      CHECK_FALSE(parsed.ok);
      CHECK(parsed.error == "cannot read the header line \"this is not a header\"");
    }
    SUBCASE("empty name") {
      const auto parsed = parse("HTTP/1.1 200 OK\r\n: value\r\n\r\n{}");
      CHECK_FALSE(parsed.ok);
      CHECK(parsed.error == "cannot read the header line \": value\"");
    }
    SUBCASE("long lines are cut in the message") {
      const std::string junk(300, 'x');
      const auto parsed = parse("HTTP/1.1 200 OK\r\n" + junk + "\r\n\r\n");
      CHECK_FALSE(parsed.ok);
      CHECK(parsed.error == "cannot read the header line \"" + std::string(80, 'x') + "\"");
    }
  }

  TEST_CASE("a previous answer's content does not survive parsing") {
    HttpResponse response;
    response.status = 500;
    response.headers = {{"Old", "1"}};
    response.body = "old";
    std::string error;
    REQUIRE(parse_saved_response("fresh", &response, &error));
    CHECK(response.status == 200);
    CHECK(response.headers.empty());
    CHECK(response.body == "fresh");
  }

  TEST_CASE("header() is case-insensitive and returns the first match") {
    HttpResponse response;
    response.headers = {{"X-OAuth-Scopes", "repo"}, {"x-oauth-scopes", "second"}, {"Retry-After", "30"}};
    CHECK(response.header("x-oauth-scopes") == std::optional<std::string>("repo"));
    CHECK(response.header("X-OAUTH-SCOPES") == std::optional<std::string>("repo"));
    CHECK(response.header("retry-after") == std::optional<std::string>("30"));
    CHECK(response.header("X-OAuth-Scope") == std::nullopt);
    CHECK(response.header("") == std::nullopt);
    CHECK(HttpResponse().header("anything") == std::nullopt);
  }
}
