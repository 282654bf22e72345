#pragma once
// A real HTTP(S) server on 127.0.0.1, run on its own thread, that answers as
// a test tells it to - including the faults real servers commit (dropped
// connections, truncated bodies, dripping bytes, giant answers). It records
// every request, so tests can assert what was (not) sent.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "support/test_ca.h"

namespace scopegate::testing {

struct MockRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int connection = 0;  // which accepted connection carried it
  std::string client_name;  // the client certificate's common name, under mutual TLS
  std::string header(const std::string& name) const;
};

struct MockResponse {
  enum class Fault {
    kNone,
    kCloseWithoutAnswer,   // read the request, then close
    kResetMidHeaders,      // send half a status line, then reset
    kTruncateBody,         // announce Content-Length, send half
    kTruncateChunked,      // chunked body that stops mid-way
    kDrip,                 // the answer one byte every `drip_interval`
    kCloseAfterAnswer,     // the whole answer, kept alive by its headers, then close (TLS: no close_notify)
  };
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // before answering
  Fault fault = Fault::kNone;
  std::chrono::milliseconds drip_interval{200};
  bool close = false;  // Connection: close after this answer

  static MockResponse json(int status, std::string body) {
    MockResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers.emplace_back("Content-Type", "application/json");
    return response;
  }
};

using MockHandler = std::function<MockResponse(const MockRequest&)>;

struct MockServerOptions {
  MockServerOptions() = default;
  // Positional, as tests write them: {true, ca.issue()}, {true, ca.issue(), false, client_ca.cert_pem()}.
  MockServerOptions(bool tls_on, CertificatePair pair, bool obsolete = false, std::string client_ca = {},
                    bool client_optional = false)
      : tls(tls_on), certificate(std::move(pair)), tls_1_0_only(obsolete), client_ca_pem(std::move(client_ca)),
        client_cert_optional(client_optional) {}
  bool tls = false;
  CertificatePair certificate;  // with tls
  bool tls_1_0_only = false;    // an obsolete server, for downgrade tests
  std::string client_ca_pem;    // with tls: demand a client certificate this CA issued (mutual TLS)
  bool client_cert_optional = false;  // with client_ca_pem: ask for one, but serve clients without one too
};

class MockServer {
 public:
  explicit MockServer(MockHandler handler, MockServerOptions options = {});
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  int port() const;
  // "http://127.0.0.1:PORT" (or https://); `host` may be "localhost".
  std::string url(const std::string& host = "127.0.0.1") const;
  std::vector<MockRequest> requests() const;
  int connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scopegate::testing
