// Every fault a provider (or the network, or a manifest) can commit: the real
// binary must end with the contract's exit code, within bounded time and
// memory, with a message naming what happened, and with the fake token in no
// output. Each case prints one line (exit code, seconds) for the record:
//   build/tests/scopegate_integration_tests -ts='integration.faults*'
#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "net/beast_transport.h"
#include "support/bounds.h"
#include "support/fake_token.h"
#include "support/mock_server.h"
#include "support/subprocess.h"
#include "support/test_ca.h"
#include "support/tinyproxy.h"
#include "util/time.h"

using namespace scopegate::testing;

namespace {
const std::string kBinary = SCOPEGATE_BINARY;


struct Expect {
  int exit_code;
  double max_seconds;
  std::string message;  // must appear in stdout or stderr
  double min_seconds = 0;
  long max_rss_mib = 64;
};

struct Faults {
  TempDir dir;
  TestCa ca;
  std::string ca_file = dir.write("ca.pem", ca.cert_pem());

  std::string manifest_for(const std::string& base_url) const {
    return dir.write("scopegate.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"" + base_url +
                                           "\"}\nfeatures:\n  read: {requires: [documents:signed:read]}\n");
  }

  ProcessResult check(const std::string& name, const std::string& manifest, const Expect& expect,
                      std::vector<std::string> extra = {}, const std::map<std::string, std::string>& env = {}) const {
    ProcessOptions options;
    options.args = {"check", "-m", manifest, "--ca-file", ca_file};
    options.args.insert(options.args.end(), extra.begin(), extra.end());
    options.env = {{"PATH", "/usr/bin:/bin"}, {"SONAR_API_KEY", kFakeToken}};
    options.env.insert(env.begin(), env.end());
    options.timeout_seconds = seconds_bound(expect.max_seconds) + 20;
    const ProcessResult result = run_process(kBinary, options);
    std::printf("  fault %-58s exit %d in %6.2f s, %4ld MiB\n", name.c_str(), result.exit_code, result.seconds,
                result.max_rss_kb / 1024);
    CAPTURE(name);
    CAPTURE(result.out);
    CAPTURE(result.err);
    CHECK(result.exit_code == expect.exit_code);
    CHECK(result.seconds <= seconds_bound(expect.max_seconds));
    CHECK(result.seconds >= expect.min_seconds);
    CHECK(has(result.all(), expect.message));
    CHECK(result.max_rss_kb / 1024 <= mib_bound(expect.max_rss_mib));
    CHECK_FALSE(has(result.all(), kFakeToken));
    return result;
  }

  ProcessResult against(const std::string& name, const MockHandler& handler, const Expect& expect,
                        std::vector<std::string> extra = {}) {
    MockServer server(handler, {true, ca.issue(), false});
    return check(name, manifest_for(server.url()), expect, std::move(extra));
  }
};

MockResponse ok_answer() {
  return MockResponse::json(200, R"({"keyPrefix": "sk_live", "name": "CI key", "scopes": ["documents:signed:read"]})");
}

// Answers 429 with Retry-After: retry_after() to the first `busy` requests
// (counted in `calls`), then the ordinary answer.
MockHandler rate_limited(std::atomic<int>& calls, int busy, std::function<std::string()> retry_after) {
  return [&calls, busy, retry_after](const MockRequest&) {
    if (++calls <= busy) {
      MockResponse answer = MockResponse::json(429, R"({"code": "RATE_LIMIT_EXCEEDED"})");
      answer.headers.emplace_back("Retry-After", retry_after());
      return answer;
    }
    return ok_answer();
  };
}

MockResponse with_fault(MockResponse::Fault fault, std::string body = std::string(200, 'x')) {
  MockResponse response = MockResponse::json(200, std::move(body));
  response.fault = fault;
  return response;
}
}  // namespace

TEST_SUITE("integration.faults.retry") {
  TEST_CASE("429 with Retry-After: 1 twice, then 200: exit 0 after about 2 s, 3 requests") {
    Faults faults;
    std::atomic<int> calls{0};
    MockServer server(rate_limited(calls, 2, [] { return std::string("1"); }), {true, faults.ca.issue(), false});
    faults.check("429 Retry-After: 1, twice, then 200", faults.manifest_for(server.url()), {0, 6, "the 1 checked feature", 1.9});
    CHECK(calls == 3);
  }

  TEST_CASE("Retry-After as an HTTP date is honoured") {
    Faults faults;
    std::atomic<int> calls{0};
    const auto two_seconds_ahead = [] {
      const auto when = std::chrono::system_clock::now() + std::chrono::seconds(2);
      const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
      char date[64];
      std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&seconds));
      return std::string(date);
    };
    MockServer server(rate_limited(calls, 1, two_seconds_ahead), {true, faults.ca.issue(), false});
    faults.check("429 Retry-After: <HTTP date 2 s ahead>", faults.manifest_for(server.url()), {0, 6, "the 1 checked feature", 0.9});
    CHECK(calls == 2);
  }

  TEST_CASE("an absurd Retry-After (one day) is capped at 10 s") {
    Faults faults;
    std::atomic<int> calls{0};
    MockServer server(rate_limited(calls, 1, [] { return std::string("86400"); }), {true, faults.ca.issue(), false});
    faults.check("429 Retry-After: 86400 (capped)", faults.manifest_for(server.url()), {0, 14, "the 1 checked feature", 9.5});
    CHECK(calls == 2);
  }

  TEST_CASE("Retry-After beyond what --timeout leaves: no wait, exit 4 at once") {
    Faults faults;
    faults.against("429 Retry-After: 86400 with --timeout 3s",
                   [](const MockRequest&) {
                     MockResponse busy = MockResponse::json(429, R"({"message": "slow down"})");
                     busy.headers.emplace_back("Retry-After", "86400");
                     return busy;
                   },
                   {4, 2, "the provider answered HTTP 429: slow down"}, {"--timeout", "3s"});
  }

  TEST_CASE("503 forever: exit 4 after the retry budget (3 attempts), well under 30 s") {
    Faults faults;
    std::atomic<int> calls{0};
    MockServer server(
        [&](const MockRequest&) {
          ++calls;
          return MockResponse::json(503, R"({"message": "maintenance"})");
        },
        {true, faults.ca.issue(), false});
    faults.check("503 forever", faults.manifest_for(server.url()), {4, 6, "the provider answered HTTP 503: maintenance"});
    CHECK(calls == 3);
    CHECK(server.requests().size() == 3);
  }
}

TEST_SUITE("integration.faults.connection") {
  TEST_CASE("connection refused: exit 4, naming the phase, host and port") {
    Faults faults;
    const int port = unused_port();
    faults.check("connection refused", faults.manifest_for("https://127.0.0.1:" + std::to_string(port)),
                 {4, 2, "connect 127.0.0.1:" + std::to_string(port) + ": Connection refused"});
  }

  TEST_CASE("a name that does not resolve (.invalid): exit 4") {
    Faults faults;
    faults.check("DNS failure (sonar.nonexistent.invalid)", faults.manifest_for("https://sonar.nonexistent.invalid"),
                 {4, 12, "resolve sonar.nonexistent.invalid:443: "});
  }

  TEST_CASE("reset in the middle of the headers: exit 4") {
    Faults faults;
    faults.against("connection reset mid-headers", [](const MockRequest&) { return with_fault(MockResponse::Fault::kResetMidHeaders); },
                   {4, 6, "read from 127.0.0.1:"});
  }

  TEST_CASE("connection reset, then success: the retry answers, exit 0, two connections") {
    Faults faults;
    std::atomic<int> calls{0};
    MockServer server(
        [&](const MockRequest&) {
          if (++calls == 1) return with_fault(MockResponse::Fault::kResetMidHeaders);
          return ok_answer();
        },
        {true, faults.ca.issue(), false});
    faults.check("connection reset, then 200", faults.manifest_for(server.url()), {0, 4, "the 1 checked feature", 0.2});
    CHECK(calls == 2);
    CHECK(server.connections() == 2);
  }

  TEST_CASE("closed without an answer: exit 4") {
    Faults faults;
    faults.against("closed without answering", [](const MockRequest&) { return with_fault(MockResponse::Fault::kCloseWithoutAnswer); },
                   {4, 6, "the server closed the connection without answering"});
  }

  TEST_CASE("a body cut before its Content-Length: exit 4") {
    Faults faults;
    faults.against("body truncated before Content-Length", [](const MockRequest&) { return with_fault(MockResponse::Fault::kTruncateBody); },
                   {4, 6, "the connection closed before the answer was complete"});
  }

  TEST_CASE("a chunked body cut off: exit 4") {
    Faults faults;
    faults.against("chunked body cut off", [](const MockRequest&) { return with_fault(MockResponse::Fault::kTruncateChunked); },
                   {4, 6, "the connection closed before the answer was complete"});
  }

  TEST_CASE("a server that drips one byte every 200 ms: --timeout 3s ends it in about 3 s") {
    Faults faults;
    faults.against("drip, one byte every 200 ms, --timeout 3s",
                   [](const MockRequest&) {
                     MockResponse response = ok_answer();
                     response.fault = MockResponse::Fault::kDrip;
                     return response;
                   },
                   {4, 4.5, "timed out (--timeout 3s ran out)", 2.8}, {"--timeout", "3s"});
  }
}

TEST_SUITE("integration.faults.size") {
  TEST_CASE("a 64 MiB body: exit 4 quickly, memory bounded") {
    Faults faults;
    const std::string huge(64 * 1024 * 1024, 'x');
    faults.against("64 MiB body", [&](const MockRequest&) { return MockResponse::json(200, huge); },
                   {4, 5, "the answer's body is larger than 4 MiB", 0, 32});
  }

  TEST_CASE("1 MiB of headers: exit 4 quickly, memory bounded") {
    Faults faults;
    faults.against("1 MiB of headers",
                   [](const MockRequest&) {
                     MockResponse response = ok_answer();
                     for (int i = 0; i < 1024; ++i) response.headers.emplace_back("X-Pad-" + std::to_string(i), std::string(1000, 'p'));
                     return response;
                   },
                   {4, 5, "the answer's headers are larger than 64 KiB", 0, 32});
  }
}

TEST_SUITE("integration.faults.redirect") {
  TEST_CASE("a redirect to another port: the token is not sent there, exit 4") {
    Faults faults;
    MockServer elsewhere([](const MockRequest&) { return ok_answer(); }, {true, faults.ca.issue(), false});
    faults.against("redirect to another host:port",
                   [&](const MockRequest&) {
                     MockResponse moved;
                     moved.status = 307;
                     moved.headers.emplace_back("Location", elsewhere.url() + "/api/sdk/v1/scopes-allowed");
                     return moved;
                   },
                   {4, 2, "redirected to another origin"});
    CHECK(elsewhere.requests().empty());
  }

  TEST_CASE("a redirect to another host (127.0.0.1 to localhost): nothing is sent there, exit 4") {
    Faults faults;
    MockServer elsewhere([](const MockRequest&) { return ok_answer(); }, {true, faults.ca.issue(), false});
    const std::string target = elsewhere.url("localhost");
    MockServer first(
        [&](const MockRequest&) {
          MockResponse moved;
          moved.status = 302;
          moved.headers.emplace_back("Location", target + "/api/sdk/v1/scopes-allowed");
          return moved;
        },
        {true, faults.ca.issue(), false});
    faults.check("redirect to another host", faults.manifest_for(first.url("127.0.0.1")),
                 {4, 2, first.url("127.0.0.1") + "/api/sdk/v1/scopes-allowed redirected to another origin, " + target});
    CHECK(first.requests().size() == 1);
    CHECK(elsewhere.requests().empty());
    for (const MockRequest& request : elsewhere.requests()) CHECK(request.header("Authorization").empty());
  }

  TEST_CASE("a redirect to another host on the same port (127.0.0.1 to localhost): nothing is sent there, exit 4") {
    Faults faults;
    std::atomic<int> port{0};
    MockServer server(
        [&](const MockRequest& request) {
          if (request.target != "/api/sdk/v1/scopes-allowed") return ok_answer();
          MockResponse moved;
          moved.status = 307;
          moved.headers.emplace_back("Location", "https://localhost:" + std::to_string(port.load()) + "/elsewhere");
          return moved;
        },
        {true, faults.ca.issue(), false});
    port = server.port();
    faults.check("redirect to another host, same port", faults.manifest_for(server.url("127.0.0.1")),
                 {4, 2, "redirected to another origin, https://localhost:" + std::to_string(server.port())});
    const auto requests = server.requests();
    REQUIRE(requests.size() == 1);  // only the first request; nothing went to localhost
    CHECK(requests[0].target == "/api/sdk/v1/scopes-allowed");
  }

  TEST_CASE("a redirect loop: exit 4") {
    Faults faults;
    faults.against("redirect loop",
                   [](const MockRequest& r) {
                     MockResponse moved;
                     moved.status = 302;
                     moved.headers.emplace_back("Location", r.target);
                     return moved;
                   },
                   {4, 2, "more than 5 redirects"});
  }
}

TEST_SUITE("integration.faults.content") {
  TEST_CASE("answers that are not what they should be: exit 4, no crash") {
    Faults faults;
    struct Shape {
      const char* name;
      std::string body;
      const char* message;
    };
    const std::vector<Shape> shapes{
        {"invalid JSON", "{\"scopes\": [", "the answer is not valid JSON"},
        {"\"scopes\": \"x\"", R"({"keyPrefix": "sk_live", "scopes": "x"})", "is a string, expected a list of scopes"},
        {"numbers in the scope list", R"({"scopes": ["a", 1, 2]})", "holds a non-string at index 1"},
        {"100,000-deep arrays", std::string(100000, '[') + std::string(100000, ']'), "the answer is not valid JSON"},
        {"invalid UTF-8", "{\"scopes\": [\"caf\xC3\x28\"]}", "the answer is not valid JSON"},
        {"an empty body", "", "the answer is not valid JSON"},
    };
    for (const Shape& shape : shapes) {
      faults.against(std::string("body: ") + shape.name, [&](const MockRequest&) { return MockResponse::json(200, shape.body); },
                     {4, 3, shape.message});
    }
  }

  TEST_CASE("a server that echoes the token back: redacted everywhere") {
    Faults faults;
    const auto result = faults.against(
        "the token echoed in an error body and a header",
        [](const MockRequest& r) {
          MockResponse response = MockResponse::json(
              401, R"({"code": "INVALID_API_KEY", "message": "key )" + r.header("Authorization").substr(7) + R"( is not valid"})");
          response.headers.emplace_back("X-Echo", r.header("Authorization"));
          return response;
        },
        {3, 2, "key [REDACTED] is not valid"});
    for (const char* format : {"json", "sarif", "junit", "markdown", "github"}) {
      MockServer server(
          [](const MockRequest& r) {
            return MockResponse::json(401, R"({"code": "INVALID_API_KEY", "message": "key )" + r.header("Authorization").substr(7) +
                                               R"( is not valid"})");
          },
          {true, faults.ca.issue(), false});
      ProcessOptions options;
      options.args = {"check", "-m", faults.manifest_for(server.url()), "--ca-file", faults.ca_file, "--format", format};
      options.env = {{"PATH", "/usr/bin:/bin"}, {"SONAR_API_KEY", kFakeToken}};
      const ProcessResult run = run_process(kBinary, options);
      CAPTURE(format);
      CHECK(run.exit_code == 3);
      // github announces the token with ::add-mask:: (the runner consumes that line); nothing else shows it.
      std::string rest = run.out;
      if (std::string(format) == "github") rest.erase(0, rest.find('\n') + 1);
      CHECK_FALSE(has(rest + run.err, kFakeToken));
    }
  }
}

TEST_SUITE("integration.faults.tls") {
  TEST_CASE("TLS: expired, self-signed, wrong name, TLS 1.0 only: exit 4 naming the reason, no downgrade") {
    Faults faults;
    struct Server {
      const char* name;
      MockServerOptions options;
      const char* host;
      const char* message;
    };
    const std::vector<Server> servers{
        {"expired certificate", {true, faults.ca.issue({{"localhost"}, {"127.0.0.1"}, -30, -1}), false}, "127.0.0.1",
         "certificate verify failed (certificate has expired)"},
        {"self-signed certificate", {true, self_signed(), false}, "127.0.0.1",
         "certificate verify failed (self-signed certificate)"},
        {"certificate for another name", {true, faults.ca.issue({{"other.example"}, {}, -1, 30}), false}, "localhost",
         "certificate verify failed (hostname mismatch)"},
        {"TLS 1.0 only", {true, faults.ca.issue(), true}, "127.0.0.1", "TLS handshake with 127.0.0.1:"},
    };
    for (const Server& spec : servers) {
      MockServer server([](const MockRequest&) { return ok_answer(); }, spec.options);
      const auto result = faults.check(std::string("TLS: ") + spec.name, faults.manifest_for(server.url(spec.host)),
                                       {4, 3, spec.message});
      CHECK(server.requests().empty());  // the token never went out
      if (std::string(spec.name) == "TLS 1.0 only") {
        CAPTURE(result.out);
        CHECK((has(result.out, "unsupported protocol") || has(result.out, "protocol version")));
      }
    }
  }
}

TEST_SUITE("integration.faults.manifest") {
  TEST_CASE("bad manifests: exit 2 with a message, bounded time and memory") {
    Faults faults;
    std::string bomb = "version: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i <= 9; ++i) {
      bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int j = 0; j < 10; ++j) bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
      bomb += "]\n";
    }
    // 10 MB of small features: far more than any pipeline has.
    std::string many = "version: 1\nproviders:\n  g: {preset: github}\nfeatures:\n";
    for (int i = 0; many.size() < 10 * 1000 * 1000; ++i) many += "  f" + std::to_string(i) + ": {requires: [repo]}\n";
    struct Manifest {
      const char* name;
      std::string text;
      const char* message;
      long max_rss_mib = 64;  // the node limit bounds even the largest
    };
    const std::vector<Manifest> manifests{
        {"YAML alias bomb (billion laughs)", bomb, "expands to more than 1000000 nodes"},
        {"50,000-deep nesting", "version: 1\nproviders: " + std::string(50000, '[') + std::string(50000, ']') + "\n",
         "nesting is deeper than 64 levels"},
        {"NUL bytes", std::string("version: 1\nproviders:\0\0\n", 24), "it contains a NUL byte"},
        {"10 MB of features", many, "expands to more than 1000000 nodes", 128},
        {"not UTF-8 (Latin-1)", "version: 1\nfeatures:\n  caf\xE9: {requires: [x]}\n", "is not valid UTF-8"},
        {"UTF-16", std::string("\xFF\xFEv\0e\0r\0", 8), "UTF-16"},
    };
    for (const Manifest& manifest : manifests)
      faults.check(std::string("manifest: ") + manifest.name, faults.dir.write("bad.yaml", manifest.text),
                   {2, 5, manifest.message, 0, manifest.max_rss_mib});
  }
}

// Plain http through a forward proxy: the proxy gets the absolute URL, with
// Proxy-Authorization from the proxy URL's percent-decoded credentials.
namespace {
// Plain http through a proxy shows the proxy the token: only with the opt-in.
std::string insecure_manifest(const Faults& faults, const std::string& base_url) {
  return faults.dir.write("insecure.yaml", "version: 1\nproviders:\n  sonar: {preset: sonar, base_url: \"" + base_url +
                                               "\", allow_insecure_http: true}\nfeatures:\n  read: {requires: [documents:signed:read]}\n");
}
}  // namespace

TEST_SUITE("integration.faults.proxy") {
  TEST_CASE("plain http through a proxy: Proxy-Authorization sent, user and password percent-decoded") {
    Faults faults;
    MockServer proxy([](const MockRequest&) { return ok_answer(); });
    const std::string origin = "http://127.0.0.1:" + std::to_string(unused_port());
    const auto result = faults.check("http via proxy with credentials", insecure_manifest(faults, origin), {0, 3, "the 1 checked feature"},
                                     {}, {{"http_proxy", "http://us%40r:p%3Ass@127.0.0.1:" + std::to_string(proxy.port())}});
    const auto requests = proxy.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].target == origin + "/api/sdk/v1/scopes-allowed");
    CHECK(requests[0].header("Proxy-Authorization") == "Basic dXNAcjpwOnNz");  // base64("us@r:p:ss")
    CHECK_FALSE(has(result.all(), "p%3Ass"));
    CHECK_FALSE(has(result.all(), "p:ss"));
  }

  TEST_CASE("a proxy's 407 is reported as the proxy's refusal, naming it, not as the provider's answer") {
    Faults faults;
    MockServer proxy([](const MockRequest&) {
      MockResponse refused = MockResponse::json(407, "{}");
      refused.headers.emplace_back("Proxy-Authenticate", "Basic realm=\"corp\"");
      return refused;
    });
    const std::string origin_port = std::to_string(unused_port());
    const std::string proxy_authority = "127.0.0.1:" + std::to_string(proxy.port());
    const auto result =
        faults.check("http via proxy, 407", insecure_manifest(faults, "http://127.0.0.1:" + origin_port), {4, 3,
                     "proxy " + proxy_authority + " refused to forward the request to 127.0.0.1:" + origin_port +
                         ": HTTP 407 Proxy Authentication Required (the proxy did not accept the user and password"},
                     {}, {{"http_proxy", "http://ci:wrong-secret@" + proxy_authority}});
    CHECK_FALSE(has(result.all(), "the provider answered HTTP 407"));
    CHECK_FALSE(has(result.all(), "wrong-secret"));
    CHECK(proxy.requests().size() == 1);  // a refusal is not retried
  }
}

// The transport itself against a real TLS server: what it sends, on which
// connection, and how often.
namespace {
namespace asio = boost::asio;
namespace net = scopegate::net;

net::HttpRequest request_to(const std::string& url, const std::string& method = "GET") {
  net::HttpRequest request;
  std::string error;
  const auto parsed = net::parse_url(url, &error);
  INFO(url << ": " << error);
  REQUIRE(parsed.has_value());
  request.url = *parsed;
  request.method = method;
  request.headers.emplace_back("Authorization", std::string("Bearer ") + kFakeToken);
  return request;
}

struct Exchange {
  net::HttpOutcome outcome;
  double seconds = 0;
};

// Sends the requests one after another on one connection pool, with a pause
// before each but the first (time for a server's close to arrive).
std::vector<Exchange> send_in_turn(const Faults& faults, const std::vector<net::HttpRequest>& requests) {
  net::TransportOptions options;
  options.ca_file = faults.ca_file;
  options.timeout = std::chrono::seconds(10);
  net::BeastTransport transport(options);
  asio::io_context io;
  std::vector<Exchange> done(requests.size());
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (std::size_t i = 0; i < requests.size(); ++i) {
          if (i > 0) {
            asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(200));
            co_await pause.async_wait(asio::use_awaitable);
          }
          const auto start = std::chrono::steady_clock::now();
          done[i].outcome = co_await transport.send(requests[i]);
          done[i].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
      },
      asio::detached);
  io.run();
  transport.close_idle();
  for (const Exchange& one : done) CHECK_FALSE(has(one.outcome.error, kFakeToken));
  return done;
}
}  // namespace

TEST_SUITE("integration.faults.transport") {
  TEST_CASE("a kept-alive TLS connection the server closed while idle (no close_notify) is replaced at once, not retried") {
    Faults faults;
    MockServer server(
        [](const MockRequest&) {
          MockResponse answer = ok_answer();
          answer.fault = MockResponse::Fault::kCloseAfterAnswer;
          return answer;
        },
        {true, faults.ca.issue(), false});
    const auto done = send_in_turn(faults, {request_to(server.url() + "/first"), request_to(server.url() + "/second")});
    CAPTURE(done[1].outcome.error);
    REQUIRE(done[0].outcome.response.has_value());
    REQUIRE(done[1].outcome.response.has_value());
    CHECK(done[1].outcome.response->status == 200);
    CHECK(done[1].outcome.attempts == 1);  // no retry with backoff: a silent reconnect
    CHECK(done[1].seconds < 0.24);         // under the shortest backoff (0.25 s)
    CHECK(server.connections() == 2);
    CHECK(server.requests().size() == 2);
  }

  TEST_CASE("kept-alive connections are reused by requests that may be repeated") {
    Faults faults;
    MockServer server([](const MockRequest&) { return ok_answer(); }, {true, faults.ca.issue(), false});
    const auto done = send_in_turn(faults, {request_to(server.url() + "/a"), request_to(server.url() + "/b")});
    CHECK(done[1].outcome.response.has_value());
    CHECK(server.connections() == 1);
  }

  TEST_CASE("a request that must not be repeated goes out on a fresh connection, and once, even when it fails") {
    Faults faults;
    MockServer server(
        [](const MockRequest& request) {
          if (request.method == "POST") return with_fault(MockResponse::Fault::kCloseWithoutAnswer);
          return ok_answer();
        },
        {true, faults.ca.issue(), false});
    net::HttpRequest probe = request_to(server.url() + "/v0/orgs/acme/full-scans", "POST");
    probe.retry = false;
    const auto done = send_in_turn(faults, {request_to(server.url() + "/v0/quota"), probe});
    REQUIRE(done[0].outcome.response.has_value());
    CAPTURE(done[1].outcome.error);
    CHECK_FALSE(done[1].outcome.response.has_value());
    CHECK(has(done[1].outcome.error, "the server closed the connection without answering"));
    CHECK(done[1].outcome.attempts == 1);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);  // the GET, then the POST exactly once
    CHECK(requests[1].method == "POST");
    CHECK(requests[1].connection != requests[0].connection);
    CHECK(server.connections() == 2);
  }

  TEST_CASE("a request that must not be repeated is not retried on a retryable status either") {
    Faults faults;
    MockServer server([](const MockRequest&) { return MockResponse::json(503, "{}"); }, {true, faults.ca.issue(), false});
    net::HttpRequest probe = request_to(server.url() + "/v0/orgs/acme/full-scans", "POST");
    probe.retry = false;
    const auto done = send_in_turn(faults, {probe});
    REQUIRE(done[0].outcome.response.has_value());
    CHECK(done[0].outcome.response->status == 503);
    CHECK(done[0].outcome.attempts == 1);
    CHECK(server.requests().size() == 1);
  }
}
