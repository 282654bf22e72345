#pragma once
// The real transport: Boost.Beast over TCP and OpenSSL, curl-grade:
// certificate and host name verification against the system store,
// HTTPS_PROXY / NO_PROXY with CONNECT tunnels, a timeout per phase inside one
// overall budget, retries with Retry-After, same-origin redirects only,
// bounded answers, and one kept-alive connection per origin.
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/lookup.h"
#include "net/proxy.h"
#include "net/retry.h"
#include "net/transport.h"

namespace scopegate::net {

struct TransportOptions {
  std::chrono::milliseconds timeout{30'000};  // the whole run's network budget
  std::string ca_file;                        // --ca-file: trust exactly this bundle
  std::string ssl_cert_file;                  // SSL_CERT_FILE
  std::string ssl_cert_dir;                   // SSL_CERT_DIR (':'-separated)
  ProxySettings proxies;
  RetryPolicy retry;
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  int max_redirects = 5;
  Lookup lookup = system_lookup;              // tests stand in a slow or scripted one
};

// The per-phase limits, each also bounded by what is left of the overall timeout.
inline constexpr std::chrono::seconds kResolveTimeout{10};
inline constexpr std::chrono::seconds kConnectTimeout{10};
inline constexpr std::chrono::seconds kHandshakeTimeout{10};
inline constexpr std::chrono::seconds kWriteTimeout{10};
inline constexpr std::chrono::seconds kReadTimeout{20};

class BeastTransport final : public Transport {
 public:
  explicit BeastTransport(TransportOptions options);
  ~BeastTransport() override;
  boost::asio::awaitable<HttpOutcome> send(HttpRequest request) override;
  void close_idle() override;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scopegate::net
