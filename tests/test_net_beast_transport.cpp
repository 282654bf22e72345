#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/beast_transport.h"
#include "support/fakes.h"
#include "support/mock_server.h"
#include "support/subprocess.h"

using namespace scopegate;
using std::chrono::milliseconds;
using std::chrono::seconds;

// BeastTransport against local servers; its TLS, proxy and fault paths are
// exercised end to end by tests/integration (test_faults, test_live).
// The transport's name lookups, with a stand-in Lookup: a DNS black hole is a
// lookup that blocks, which only an injected one can make deterministic.
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Holds a lookup thread until released (or 30 s). Shared with the thread,
// which outlives the test's transport by design.
struct Gate {
  std::mutex mutex;
  std::condition_variable opened;
  bool open = false;
  void wait() {
    std::unique_lock<std::mutex> lock(mutex);
    opened.wait_for(lock, seconds(30), [this] { return open; });
  }
  void release() {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      open = true;
    }
    opened.notify_all();
  }
};

// A loopback HTTP server that answers every request with 200 and "{}", then
// closes the connection.
class AnsweringServer {
 public:
  AnsweringServer() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~AnsweringServer() {
    stopping_ = true;
    boost::system::error_code ignored;
    tcp::socket wake(io_);
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  unsigned short port() const { return port_; }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const std::size_t read = socket.read_some(asio::buffer(buffer), ec);
        if (ec) break;
        request.append(buffer, read);
      }
      if (ec) continue;
      ++requests_;
      const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
      asio::write(socket, asio::buffer(answer), ec);
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
};

unsigned short unused_loopback_port(const char* address) {
  asio::io_context io;
  boost::system::error_code ec;
  tcp::acceptor acceptor(io);
  const tcp::endpoint endpoint(asio::ip::make_address(address), 0);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  return ec ? 9 : acceptor.local_endpoint().port();  // 9 (discard): nothing listens there either
}

net::HttpRequest get(const std::string& url) {
  net::HttpRequest request;
  std::string error;
  const auto parsed = net::parse_url(url, &error);
  INFO(url << ": " << error);
  REQUIRE(parsed.has_value());
  request.url = *parsed;
  request.headers.emplace_back("Authorization", std::string("Bearer ") + testing::kFakeToken);
  return request;
}

struct Sent {
  net::HttpOutcome outcome;
  double seconds = 0;
};

// Sends the requests concurrently on one event loop, as a check does.
std::vector<Sent> send_all(net::Transport& transport, const std::vector<net::HttpRequest>& requests) {
  asio::io_context io;
  std::vector<Sent> sent(requests.size());
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          sent[i].outcome = co_await transport.send(requests[i]);
          sent[i].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        },
        asio::detached);
  }
  io.run();
  transport.close_idle();
  for (const Sent& one : sent) CHECK(one.outcome.error.find(testing::kFakeToken) == std::string::npos);
  return sent;
}

net::LookupResult loopback(unsigned short port) {
  net::LookupResult result;
  result.endpoints.emplace_back(asio::ip::make_address("127.0.0.1"), port);
  return result;
}
}  // namespace

TEST_SUITE("net.transport") {
  TEST_CASE("a lookup that hangs ends with --timeout, naming resolve, host and port, and delays no other request") {
    AnsweringServer server;
    auto gate = std::make_shared<Gate>();
    auto black_hole_calls = std::make_shared<std::atomic<int>>(0);
    net::TransportOptions options;
    options.timeout = seconds(2);
    const unsigned short port = server.port();
    options.lookup = [gate, black_hole_calls, port](const std::string& host, const std::string&) {
      if (host == "blackhole.test") {
        ++*black_hole_calls;
        gate->wait();  // a DNS server that never answers
        net::LookupResult none;
        none.error = asio::error::host_not_found;
        return none;
      }
      return loopback(port);
    };
    net::BeastTransport transport(options);
    const auto sent = send_all(transport, {get("http://blackhole.test:8443/v1/user"),
                                           get("http://other.test:" + std::to_string(port) + "/v1/user")});
    gate->release();
    CAPTURE(sent[0].outcome.error);
    CAPTURE(sent[1].outcome.error);
    CHECK_FALSE(sent[0].outcome.response.has_value());
    CHECK(sent[0].outcome.error == "resolve blackhole.test:8443: timed out (--timeout 2s ran out)");
    CHECK(sent[0].outcome.attempts == 1);
    CHECK(sent[0].seconds >= 1.9);
    CHECK(sent[0].seconds <= 2.6);
    CHECK(*black_hole_calls == 1);
    // The other host's lookup ran at once, on its own thread.
    REQUIRE(sent[1].outcome.response.has_value());
    CHECK(sent[1].outcome.response->status == 200);
    CHECK(sent[1].seconds < 0.5);
    CHECK(server.requests() == 1);
  }

  TEST_CASE("a lookup that answers late, but in time, is used as soon as it answers") {
    AnsweringServer server;
    net::TransportOptions options;
    options.timeout = seconds(5);
    const unsigned short port = server.port();
    options.lookup = [port](const std::string&, const std::string&) {
      std::this_thread::sleep_for(milliseconds(300));
      return loopback(port);
    };
    net::BeastTransport transport(options);
    const auto sent = send_all(transport, {get("http://late.test:" + std::to_string(port) + "/x")});
    CAPTURE(sent[0].outcome.error);
    REQUIRE(sent[0].outcome.response.has_value());
    CHECK(sent[0].outcome.response->status == 200);
    CHECK(sent[0].seconds >= 0.25);
    CHECK(sent[0].seconds < 1.5);  // woken by the answer, not by the phase's timer
  }

  TEST_CASE("a lookup with neither addresses nor an error is a resolve failure") {
    net::TransportOptions options;
    options.lookup = [](const std::string&, const std::string&) { return net::LookupResult{}; };
    net::BeastTransport transport(options);
    const auto sent = send_all(transport, {get("https://empty.test/v1/user")});
    CHECK(sent[0].outcome.error == "resolve empty.test:443: no addresses");
  }

  TEST_CASE("an event loop destroyed while a lookup hangs: the lookup, answering later, touches nothing of it") {
    auto gate = std::make_shared<Gate>();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    {
      net::TransportOptions options;
      options.lookup = [gate, finished](const std::string&, const std::string&) {
        gate->wait();
        *finished = true;
        return loopback(9);
      };
      net::BeastTransport transport(options);
      asio::io_context io;
      bool completed = false;
      asio::co_spawn(
          io,
          [&]() -> asio::awaitable<void> {
            (void)co_await transport.send(get("https://hanging.test/v1/user"));
            completed = true;
          },
          asio::detached);
      io.run_for(milliseconds(100));  // then the loop stops with the request still waiting
      CHECK_FALSE(completed);
      transport.close_idle();
    }  // the io_context, its pending coroutine and the transport are gone
    gate->release();
    for (int i = 0; i < 200 && !*finished; ++i) std::this_thread::sleep_for(milliseconds(5));
    CHECK(*finished);
    std::this_thread::sleep_for(milliseconds(50));  // the thread, finding the wait abandoned, posts nothing
  }

  TEST_CASE("a failed lookup names the host and the port") {
    net::TransportOptions options;
    options.lookup = [](const std::string&, const std::string&) {
      net::LookupResult none;
      none.error = asio::error::host_not_found;
      return none;
    };
    net::BeastTransport transport(options);
    const auto sent = send_all(transport, {get("https://nonexistent.invalid:8443/api")});
    CHECK(sent[0].outcome.error == "resolve nonexistent.invalid:8443: Host not found (authoritative)");
  }

  TEST_CASE("IP literals, v4 and v6, are connected to without a lookup") {
    AnsweringServer server;
    auto calls = std::make_shared<std::atomic<int>>(0);
    net::TransportOptions options;
    options.timeout = seconds(5);
    options.lookup = [calls](const std::string&, const std::string&) {
      ++*calls;
      net::LookupResult none;
      none.error = asio::error::host_not_found;
      return none;
    };
    net::BeastTransport transport(options);
    const std::string v6_port = std::to_string(unused_loopback_port("::1"));
    const auto sent = send_all(transport, {get("http://127.0.0.1:" + std::to_string(server.port()) + "/x"),
                                           get("http://[::1]:" + v6_port + "/x")});
    REQUIRE(sent[0].outcome.response.has_value());
    CHECK(sent[0].outcome.response->status == 200);
    // Refused, or no IPv6 here at all: either way the connect phase, not resolve.
    CAPTURE(sent[1].outcome.error);
    CHECK(sent[1].outcome.error.rfind("connect [::1]:" + v6_port + ": ", 0) == 0);
    CHECK(*calls == 0);
  }
}

// A provider's own TLS identity (a kubeconfig's cluster CA, client
// certificate and tls-server-name) against a real HTTPS server.
TEST_SUITE("net.transport.identity") {
  struct MutualTls {
    testing::TestCa server_ca{"cluster CA"};
    testing::TestCa client_ca{"client CA"};
    testing::CertificatePair client = client_ca.issue({{"ci-deployer"}, {}, -1, 30, true});
    testing::MockServer server{[](const testing::MockRequest&) { return testing::MockResponse::json(200, "{}"); },
                               {true, server_ca.issue({{"k8s.internal"}, {"127.0.0.1"}}), false, client_ca.cert_pem()}};

    std::shared_ptr<net::TlsIdentity> identity() const {
      auto tls = std::make_shared<net::TlsIdentity>();
      tls->ca_pem = server_ca.cert_pem();
      tls->client_cert_pem = client.cert_pem;
      tls->client_key_pem = client.key_pem;
      tls->source = "kubeconfig k, user ci";
      return tls;
    }
    net::HttpRequest request(std::shared_ptr<const net::TlsIdentity> tls) const {
      net::HttpRequest r = get(server.url() + "/api");
      r.tls = std::move(tls);
      return r;
    }
  };

  TEST_CASE("a client certificate is presented, and the provider's CA alone is trusted") {
    MutualTls world;
    net::TransportOptions options;
    options.ca_file = "/nonexistent/run-wide.pem";  // the provider's own CA stands instead
    net::BeastTransport transport(options);
    const auto sent = send_all(transport, {world.request(world.identity())});
    CAPTURE(sent[0].outcome.error);
    REQUIRE(sent[0].outcome.response.has_value());
    REQUIRE(world.server.requests().size() == 1);
    CHECK(world.server.requests()[0].client_name == "ci-deployer");
  }

  TEST_CASE("requests with another identity, or none, never ride the same kept-alive connection") {
    MutualTls world;
    auto other = world.identity();
    other->client_cert_pem = world.client_ca.issue({{"someone-else"}, {}, -1, 30, true}).cert_pem;
    other->client_key_pem = "";
    testing::TempDir dir;
    net::TransportOptions options;
    options.ca_file = dir.write("ca.pem", world.server_ca.cert_pem());
    net::BeastTransport transport(options);
    const auto first = send_all(transport, {world.request(world.identity()), world.request(world.identity())});
    CHECK(first[1].outcome.response.has_value());
    // Without a client certificate the server refuses the handshake: a new connection was made.
    const auto without = send_all(transport, {world.request(nullptr)});
    CAPTURE(without[0].outcome.error);
    CHECK_FALSE(without[0].outcome.response.has_value());
    CHECK(without[0].outcome.error.find("127.0.0.1:") != std::string::npos);
    CHECK(without[0].outcome.error.find("certificate required") != std::string::npos);
    const auto half = send_all(transport, {world.request(other)});
    CHECK(half[0].outcome.error ==
          "the client certificate of kubeconfig k, user ci comes without its key, or the key without its certificate");
  }

  TEST_CASE("a key that is not the certificate's, a CA that is no certificate: said with their source") {
    MutualTls world;
    net::BeastTransport transport({});
    auto wrong_key = world.identity();
    wrong_key->client_key_pem = world.client_ca.issue({{"x"}, {}, -1, 30, true}).key_pem;
    auto junk_ca = world.identity();
    junk_ca->ca_pem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    const auto sent = send_all(transport, {world.request(wrong_key), world.request(junk_ca)});
    CHECK(sent[0].outcome.error == "cannot use the client key of kubeconfig k, user ci: key values mismatch (x509 certificate routines)");
    CHECK(sent[1].outcome.error.find("cannot use the certificate authority of kubeconfig k, user ci: ") == 0);
  }

  TEST_CASE("tls-server-name: the certificate is checked for that name, not the address") {
    MutualTls world;
    testing::MockServer named{[](const testing::MockRequest&) { return testing::MockResponse::json(200, "{}"); },
                              {true, world.server_ca.issue({{"k8s.internal"}, {}}), false, ""}};
    net::BeastTransport transport({});
    auto plain = world.identity();
    auto renamed = world.identity();
    renamed->server_name = "k8s.internal";
    net::HttpRequest by_address = get(named.url() + "/api");
    by_address.tls = plain;
    net::HttpRequest by_name = get(named.url() + "/api");
    by_name.tls = renamed;
    const auto sent = send_all(transport, {by_address, by_name});
    CHECK(sent[0].outcome.error.find("certificate verify failed") != std::string::npos);
    CAPTURE(sent[1].outcome.error);
    CHECK(sent[1].outcome.response.has_value());
    auto wrong = world.identity();
    wrong->server_name = "wrong.example";
    by_name.tls = wrong;
    const auto mismatch = send_all(transport, {by_name});
    CHECK(mismatch[0].outcome.error.ends_with(
        "certificate verify failed (hostname mismatch) (checked for wrong.example, the provider's TLS server name)"));
  }
}
