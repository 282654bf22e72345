#include "support/mock_server.h"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <thread>

#include "util/strings.h"

namespace scopegate::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

std::string MockRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (util::iequals(key, name)) return value;
  return {};
}

class MockServer::Impl {
 public:
  Impl(MockHandler handler, MockServerOptions options)
      : handler_(std::move(handler)), options_(std::move(options)), acceptor_(io_) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    if (options_.tls) configure_tls();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    asio::post(io_, [this] {
      stopping_ = true;
      boost::system::error_code ignored;
      acceptor_.close(ignored);
    });
    io_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  bool tls() const { return options_.tls; }

  std::vector<MockRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  int connections() const { return connection_count_; }

 private:
  void configure_tls() {
    tls_.emplace(ssl::context::tls_server);
    tls_->use_certificate_chain(asio::buffer(options_.certificate.cert_pem));
    tls_->use_private_key(asio::buffer(options_.certificate.key_pem), ssl::context::pem);
    if (!options_.client_ca_pem.empty()) {
      tls_->add_certificate_authority(asio::buffer(options_.client_ca_pem));
      tls_->set_verify_mode(options_.client_cert_optional ? ssl::verify_peer
                                                          : ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    }
    if (options_.tls_1_0_only) {
      SSL_CTX_set_security_level(tls_->native_handle(), 0);
      SSL_CTX_set_min_proto_version(tls_->native_handle(), TLS1_VERSION);
      SSL_CTX_set_max_proto_version(tls_->native_handle(), TLS1_VERSION);
      SSL_CTX_set_cipher_list(tls_->native_handle(), "DEFAULT@SECLEVEL=0");
    }
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping_) {
      auto [ec, socket] = co_await acceptor_.async_accept(kAwait);
      if (ec) co_return;
      // As real HTTPS servers do: without it, Nagle plus the client's delayed
      // ACK stalls small TLS writes for 40 ms.
      socket.set_option(tcp::no_delay(true), ec);
      const int id = ++connection_count_;
      asio::co_spawn(io_, serve(std::move(socket), id), asio::detached);
    }
  }

  asio::awaitable<void> serve(tcp::socket socket, int id) {
    if (!tls_) {
      beast::tcp_stream stream(std::move(socket));
      co_await serve_stream(stream, id);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls_);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kAwait);
    if (ec) co_return;
    co_await serve_stream(stream, id, client_name(stream.native_handle()));
  }

  // The common name of the client certificate the handshake verified; "" without one.
  static std::string client_name(SSL* ssl) {
    X509* peer = SSL_get_peer_certificate(ssl);
    if (!peer) return {};
    char name[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
    X509_free(peer);
    return name;
  }

  template <class Stream>
  asio::awaitable<void> serve_stream(Stream& stream, int id, std::string client = {}) {
    beast::flat_buffer buffer;
    for (;;) {
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
      http::request<http::string_body> request;
      auto [read_error, read] = co_await http::async_read(stream, buffer, request, kAwait);
      if (read_error) co_return;
      MockRequest recorded;
      recorded.method = std::string(request.method_string());
      recorded.target = std::string(request.target());
      for (const auto& field : request) recorded.headers.emplace_back(field.name_string(), field.value());
      recorded.body = request.body();
      recorded.connection = id;
      recorded.client_name = client;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(recorded);
      }
      const MockResponse response = handler_(recorded);
      if (response.delay.count() > 0) co_await sleep(response.delay);
      const bool keep_going = co_await answer(stream, response, request.method() == http::verb::head);
      if (!keep_going || response.close || !request.keep_alive()) co_return;
    }
  }

  asio::awaitable<void> sleep(std::chrono::milliseconds duration) {
    asio::steady_timer timer(io_, duration);
    co_await timer.async_wait(kAwait);
  }

  static std::string serialize(const MockResponse& response, bool chunked) {
    std::string text = "HTTP/1.1 " + std::to_string(response.status) + " Mock\r\n";
    for (const auto& [name, value] : response.headers) text += name + ": " + value + "\r\n";
    text += chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    if (response.close) text += "Connection: close\r\n";
    return text + "\r\n";
  }

  // Writes the answer, or the fault; false when the connection is finished.
  // (Texts are built before each co_await: GCC 12 mishandles temporaries,
  // such as a ?: of strings, inside a co_await expression.)
  template <class Stream>
  asio::awaitable<bool> answer(Stream& stream, const MockResponse& response, bool head) {
    using Fault = MockResponse::Fault;
    std::string text;
    switch (response.fault) {
      case Fault::kCloseWithoutAnswer:
        co_return false;
      case Fault::kResetMidHeaders: {
        text = "HTTP/1.1 200 O";
        co_await write(stream, text);
        boost::system::error_code ignored;
        beast::get_lowest_layer(stream).socket().set_option(asio::socket_base::linger(true, 0), ignored);
        beast::get_lowest_layer(stream).socket().close(ignored);
        co_return false;
      }
      case Fault::kTruncateBody:
        text = serialize(response, false) + response.body.substr(0, response.body.size() / 2);
        co_await write(stream, text);
        co_return false;
      case Fault::kTruncateChunked: {
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", response.body.size());
        text = serialize(response, true) + size + response.body.substr(0, response.body.size() / 2);
        co_await write(stream, text);
        co_return false;
      }
      case Fault::kDrip: {
        text = serialize(response, false) + response.body;
        for (char c : text) {
          const std::string one(1, c);
          if (!co_await write(stream, one)) co_return false;
          co_await sleep(response.drip_interval);
        }
        co_return true;
      }
      case Fault::kCloseAfterAnswer:
        text = serialize(response, false);
        if (!head) text += response.body;
        co_await write(stream, text);
        co_return false;  // the stream goes without a shutdown: a bare TCP close
      case Fault::kNone:
        break;
    }
    text = serialize(response, false);
    if (!head) text += response.body;
    const bool written = co_await write(stream, text);
    co_return written;
  }

  template <class Stream>
  asio::awaitable<bool> write(Stream& stream, const std::string& text) {
    auto [ec, written] = co_await asio::async_write(stream, asio::buffer(text), kAwait);
    co_return !ec;
  }

  MockHandler handler_;
  MockServerOptions options_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::optional<ssl::context> tls_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connection_count_{0};
  mutable std::mutex mutex_;
  std::vector<MockRequest> requests_;
};

MockServer::MockServer(MockHandler handler, MockServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}
MockServer::~MockServer() = default;

int MockServer::port() const { return impl_->port(); }

std::string MockServer::url(const std::string& host) const {
  return std::string(impl_->tls() ? "https://" : "http://") + host + ":" + std::to_string(impl_->port());
}

std::vector<MockRequest> MockServer::requests() const { return impl_->requests(); }
int MockServer::connections() const { return impl_->connections(); }

}  // namespace scopegate::testing
