#pragma once
// The one interface at the network: send a request, get an answer or a
// message saying what failed. BeastTransport is the real one; tests use a
// fake that answers from a table.
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/http_response.h"
#include "net/url.h"

namespace scopegate::net {

// A provider's own TLS settings, where its configuration names them (a
// kubeconfig's cluster CA, client certificate and tls-server-name; a pod's
// service account CA), as PEM text. Requests without one use the run's.
struct TlsIdentity {
  std::string ca_pem;           // trust exactly these; "" = the run's trust (--ca-file, SSL_CERT_FILE, the system's)
  std::string client_cert_pem;  // with client_key_pem: mutual TLS (RFC 8446 section 4.4.2)
  std::string client_key_pem;   // a secret: registered with the redactor where it is read
  std::string server_name;      // the name the server's certificate must carry (and SNI), when not the URL's host
  std::string source;           // where these came from, for errors ("kubeconfig /home/ci/.kube/config, cluster prod")
  // What tells two identities apart for a kept-alive connection (the key follows the certificate).
  std::string key() const { return ca_pem + '\x1f' + client_cert_pem + '\x1f' + server_name; }
};

struct HttpRequest {
  std::string method = "GET";
  Url url;
  std::vector<std::pair<std::string, std::string>> headers;  // may carry the token: never logged
  std::string body;
  bool retry = true;  // false for requests that must not be repeated (write probes)
  // false: a redirect is returned as the answer, not followed (write probes:
  // a request built to fail must not be replayed somewhere else).
  bool follow_redirects = true;
  std::shared_ptr<const TlsIdentity> tls;  // null: the run's trust, no client certificate
};

struct HttpOutcome {
  std::optional<HttpResponse> response;  // an answer arrived, whatever its status
  std::string error;                     // no answer: the phase, host, port and why
  bool dropped = false;                  // the connection dropped mid-way: worth another attempt
  int attempts = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual boost::asio::awaitable<HttpOutcome> send(HttpRequest request) = 0;
  // Closes kept-alive connections. Called before the event loop that opened
  // them goes away: a socket must not outlive its io_context.
  virtual void close_idle() {}
};

}  // namespace scopegate::net
