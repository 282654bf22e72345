#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "net/logging_transport.h"
#include "support/fake_transport.h"
#include "support/fakes.h"

using namespace scopegate;

namespace {
net::HttpRequest request(const std::string& method, const std::string& url) {
  net::HttpRequest sent;
  sent.method = method;
  std::string error;
  sent.url = *net::parse_url(url, &error);
  sent.headers.emplace_back("Authorization", std::string("Bearer ") + testing::kFakeToken);
  return sent;
}
}  // namespace

TEST_SUITE("net.logging_transport") {
  TEST_CASE("one line out, one line back: header names only, never their values") {
    auto fake = std::make_unique<testing::FakeTransport>();
    fake->answer("GET https://api.example.com/user", 200, "{}");
    std::vector<std::string> lines;
    net::LoggingTransport logging(std::move(fake), [&](const std::string& line) { lines.push_back(line); });
    const net::HttpOutcome outcome = testing::run_awaitable(logging.send(request("GET", "https://api.example.com/user")));
    REQUIRE(outcome.response);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "-> GET https://api.example.com/user (headers: Authorization)");
    CHECK(lines[1].starts_with("<- GET https://api.example.com/user: HTTP 200, 2 bytes in "));
    for (const std::string& line : lines) CHECK(line.find(testing::kFakeToken) == std::string::npos);
  }

  TEST_CASE("a body is counted, not shown, and an error arrives on one line") {
    auto fake = std::make_unique<testing::FakeTransport>();
    fake->fail("POST https://api.example.com/introspect", "connect to api.example.com:443: refused\r\n::error::x");
    std::vector<std::string> lines;
    net::LoggingTransport logging(std::move(fake), [&](const std::string& line) { lines.push_back(line); });
    net::HttpRequest post = request("POST", "https://api.example.com/introspect");
    post.body = "token=secret-value";
    testing::run_awaitable(logging.send(std::move(post)));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].ends_with("with a 18-byte body"));
    CHECK(lines[0].find("secret-value") == std::string::npos);
    CHECK(lines[1].find('\n') == std::string::npos);
    CHECK(lines[1].find("refused") != std::string::npos);
  }
}
