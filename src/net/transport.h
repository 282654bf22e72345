#pragma once
// The one interface at the network: send a request, get an answer or a
// message saying what failed. BeastTransport is the real one; tests use a
// fake that answers from a table.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/http_response.h"
#include "net/url.h"

namespace scopegate::net {

struct HttpRequest {
  std::string method = "GET";
  Url url;
  std::vector<std::pair<std::string, std::string>> headers;  // may carry the token: never logged
  std::string body;
  bool retry = true;  // false for requests that must not be repeated (write probes)
  // false: a redirect is returned as the answer, not followed (write probes:
  // a request built to fail must not be replayed somewhere else).
  bool follow_redirects = true;
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
