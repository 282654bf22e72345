#include "net/beast_transport.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <random>
#include <variant>

#include "net/credential_route.h"
#include "net/request_check.h"
#include "net/tls_trust.h"
#include "net/transport_failure.h"
#include "scopegate_version.h"
#include "util/duration.h"
#include "util/strings.h"

namespace scopegate::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One open connection to an origin (possibly through a proxy tunnel).
struct Connection {
  std::variant<std::unique_ptr<PlainStream>, std::unique_ptr<TlsStream>> stream;
  beast::flat_buffer buffer;
  // Plain http through a proxy: the proxy's "host:port", and "Basic ..." when
  // the proxy URL has credentials. Such a request names its absolute target.
  std::string proxy_authority;
  std::string proxy_authorization;
  bool absolute_target() const { return !proxy_authority.empty(); }  // "GET http://host/path"

  beast::tcp_stream& tcp() {
    if (auto* plain = std::get_if<std::unique_ptr<PlainStream>>(&stream)) return **plain;
    return beast::get_lowest_layer(*std::get<std::unique_ptr<TlsStream>>(stream));
  }
};

// A failure in one phase: the message names it, the host and the port.
struct Failure {
  std::string message;
  bool retryable = false;  // the connection dropped: worth another attempt
  bool stale = false;      // a reused connection that had died while idle
};
}  // namespace

class BeastTransport::Impl {
 public:
  explicit Impl(TransportOptions options)
      : options_(std::move(options)), deadline_(Clock::now() + options_.timeout), random_(std::random_device{}()) {}

  void close_idle() { idle_.clear(); }

  asio::awaitable<HttpOutcome> send(HttpRequest request) {
    // The last gate: nothing malformed goes on the wire (checked where each
    // value was read; this holds even if a new path forgets to).
    if (const auto problem = request_problem(request))
      co_return failed("refused to send a request to " + request.url.origin() + ": " + *problem);
    HttpOutcome outcome;
    for (int attempt = 1;; ++attempt) {
      outcome = co_await send_following_redirects(request);
      outcome.attempts = attempt;
      const bool last = attempt >= options_.retry.max_attempts || !request.retry;
      std::optional<std::string> retry_after;
      if (outcome.response) {
        if (!RetryPolicy::retryable(*outcome.response) || last) co_return outcome;
        retry_after = outcome.response->header("Retry-After");
      } else if (!outcome.dropped || last) {
        co_return outcome;
      }
      const auto wait = options_.retry.delay(attempt + 1, retry_after, util::TimePoint(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())),
                                             [this] { return std::uniform_real_distribution<double>(0, 1)(random_); });
      if (Clock::now() + wait >= deadline_) {
        if (!outcome.response) outcome.error += " (no time left to retry within --timeout)";
        co_return outcome;
      }
      asio::steady_timer timer(co_await asio::this_coro::executor, wait);
      co_await timer.async_wait(kAwait);
    }
  }

 private:
  asio::awaitable<HttpOutcome> send_following_redirects(HttpRequest request) {
    const std::string origin = request.url.origin();
    for (int hop = 0; hop <= options_.max_redirects; ++hop) {
      HttpOutcome outcome = co_await exchange(request);
      if (!outcome.response || !is_redirect(outcome.response->status) || !request.follow_redirects) co_return outcome;
      const auto location = outcome.response->header("Location");
      if (!location) co_return outcome;
      std::string error;
      auto next = resolve_url(request.url, *location, &error);
      if (!next) co_return failed("the redirect from " + request.url.to_string() + " has an unusable Location: " + error);
      if (auto refusal = redirect_refusal(request.url, *next)) co_return failed(std::move(*refusal));
      if (outcome.response->status == 303 ||
          ((outcome.response->status == 301 || outcome.response->status == 302) && request.method == "POST")) {
        request.method = "GET";
        request.body.clear();
      }
      request.url = *next;
    }
    co_return failed("more than " + std::to_string(options_.max_redirects) + " redirects from " + origin +
                     " (a redirect loop?)");
  }

  static bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  static HttpOutcome failed(std::string message, bool dropped = false) {
    HttpOutcome outcome;
    outcome.error = std::move(message);
    outcome.dropped = dropped;
    return outcome;
  }

  // One request on a pooled connection; a reused connection that had died
  // while idle is replaced once, transparently. A request that must not be
  // repeated (retry == false) always gets a fresh connection of its own.
  asio::awaitable<HttpOutcome> exchange(const HttpRequest& request) {
    for (int fresh = 0; fresh < 2; ++fresh) {
      // A connection made with one TLS identity never carries another's requests.
      const std::string key = request.url.origin() + "#" + std::to_string(context_index(request.tls.get()));
      // A request that must not be repeated never goes out on a kept-alive
      // connection: if that had died while idle, it could not be sent again.
      auto connection = request.retry ? take_idle(key) : nullptr;
      const bool reused = connection != nullptr;
      if (!connection) {
        Failure failure;
        connection = co_await connect(request.url, request.tls.get(), &failure);
        if (!connection) co_return failed(failure.message, failure.retryable);
      }
      Failure failure;
      auto response = co_await round_trip(*connection, request, reused, &failure);
      if (response) {
        if (connection->absolute_target() && response->answer.status == 407) {
          co_return failed("proxy " + connection->proxy_authority + " refused to forward the request to " +
                           request.url.authority() + ": HTTP 407 Proxy Authentication Required" +
                           proxy_auth_hint(!connection->proxy_authorization.empty()));
        }
        if (response->keep_alive) idle_[key].push_back(std::move(connection));
        HttpOutcome outcome;
        outcome.response = std::move(response->answer);
        co_return outcome;
      }
      if (!(reused && failure.stale && request.retry)) co_return failed(failure.message, failure.retryable);
    }
    co_return failed("could not reuse or open a connection to " + request.url.authority());
  }

  std::unique_ptr<Connection> take_idle(const std::string& key) {
    auto found = idle_.find(key);
    if (found == idle_.end() || found->second.empty()) return nullptr;
    auto connection = std::move(found->second.back());
    found->second.pop_back();
    return connection;
  }

  std::chrono::milliseconds budget(std::chrono::seconds phase_limit) const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    return std::max(std::chrono::milliseconds(0), std::min<std::chrono::milliseconds>(phase_limit, left));
  }

  // "timed out after 3s" or, when the overall budget ran out, says so.
  std::string timeout_text(std::chrono::milliseconds allowed) const {
    if (Clock::now() + std::chrono::milliseconds(5) >= deadline_)
      return "timed out (--timeout " + seconds_text(options_.timeout) + " ran out)";
    return "timed out after " + seconds_text(allowed);
  }

  asio::awaitable<std::unique_ptr<Connection>> connect(const Url& url, const TlsIdentity* identity, Failure* failure) {
    std::string proxy_error;
    const std::optional<Url> proxy = options_.proxies.proxy_for(url, &proxy_error);
    if (!proxy_error.empty()) {
      failure->message = proxy_error;
      co_return nullptr;
    }
    const Url& dial = proxy ? *proxy : url;
    const std::string via = proxy ? "proxy " : "";
    auto executor = co_await asio::this_coro::executor;

    std::vector<tcp::endpoint> endpoints;
    error_code literal_error;
    const auto literal = asio::ip::make_address(dial.host, literal_error);
    if (!literal_error) {  // an IP address needs no lookup
      endpoints.emplace_back(literal, static_cast<unsigned short>(std::stoi(dial.port)));
    } else {
      const auto resolve_limit = budget(kResolveTimeout);
      bool timed_out = false;
      LookupResult found = co_await lookup_within(options_.lookup, dial.host, dial.port, resolve_limit, &timed_out);
      if (timed_out || found.error || found.endpoints.empty()) {
        const std::string why = timed_out     ? timeout_text(resolve_limit)
                                : found.error ? found.error.message()
                                              : std::string("no addresses");
        failure->message = "resolve " + via + dial.authority() + ": " + why;
        co_return nullptr;
      }
      endpoints = std::move(found.endpoints);
    }

    auto tcp_stream = std::make_unique<PlainStream>(executor);
    const auto connect_limit = budget(kConnectTimeout);
    tcp_stream->expires_after(connect_limit);
    auto [connect_error, endpoint] = co_await tcp_stream->async_connect(endpoints, kAwait);
    if (connect_error) {
      failure->message = "connect " + via + dial.authority() + ": " +
                         (connect_error == beast::error::timeout ? timeout_text(connect_limit) : connect_error.message());
      co_return nullptr;
    }
    tcp_stream->socket().set_option(tcp::no_delay(true));

    if (proxy && url.is_https()) {
      const bool tunnel_open = co_await open_tunnel(*tcp_stream, *proxy, url, failure);
      if (!tunnel_open) co_return nullptr;
    }

    auto connection = std::make_unique<Connection>();
    if (!url.is_https()) {
      if (proxy) {
        connection->proxy_authority = proxy->authority();
        connection->proxy_authorization = proxy_authorization(proxy->userinfo);
      }
      connection->stream = std::move(tcp_stream);
      co_return connection;
    }
    auto tls = co_await handshake(std::move(tcp_stream), url, identity, failure);
    if (!tls) co_return nullptr;
    connection->stream = std::move(tls);
    co_return connection;
  }

  // HTTP CONNECT through the proxy; the TLS session then runs inside it.
  asio::awaitable<bool> open_tunnel(PlainStream& stream, const Url& proxy, const Url& url, Failure* failure) {
    http::request<http::empty_body> connect{http::verb::connect, url.authority(), 11};
    connect.set(http::field::host, url.authority());
    connect.set(http::field::user_agent, "scopegate/" SCOPEGATE_VERSION);
    if (const std::string credentials = proxy_authorization(proxy.userinfo); !credentials.empty())
      connect.set(http::field::proxy_authorization, credentials);
    const auto limit = budget(kConnectTimeout);
    stream.expires_after(limit);
    auto [write_error, written] = co_await http::async_write(stream, connect, kAwait);
    beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    parser.skip(true);  // a 2xx answer to CONNECT has no body: the tunnel follows
    error_code read_error;
    if (!write_error) std::tie(read_error, written) = co_await http::async_read_header(stream, buffer, parser, kAwait);
    const error_code ec = write_error ? write_error : read_error;
    if (ec) {
      failure->message = "proxy " + proxy.authority() + " tunnel to " + url.authority() + ": " +
                         (ec == beast::error::timeout ? timeout_text(limit) : ec.message());
      co_return false;
    }
    const auto& answer = parser.get();
    if (answer.result_int() < 200 || answer.result_int() > 299) {
      failure->message = "proxy " + proxy.authority() + " refused the tunnel to " + url.authority() + ": HTTP " +
                         std::to_string(answer.result_int()) + " " + std::string(answer.reason());
      if (answer.result_int() == 407) failure->message += proxy_auth_hint(!proxy.userinfo.empty());
      co_return false;
    }
    co_return true;
  }

  asio::awaitable<std::unique_ptr<TlsStream>> handshake(std::unique_ptr<PlainStream> tcp_stream, const Url& url,
                                                        const TlsIdentity* identity, Failure* failure) {
    ssl::context* context = tls_context(identity, failure);
    if (!context) co_return nullptr;
    auto tls = std::make_unique<TlsStream>(std::move(*tcp_stream), *context);
    SSL* handle = tls->native_handle();
    const std::string& name = identity && !identity->server_name.empty() ? identity->server_name : url.host;
    if (is_ip_literal(name)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), name.c_str());
    } else {
      SSL_set_tlsext_host_name(handle, name.c_str());  // SNI
      SSL_set1_host(handle, name.c_str());             // and the name the certificate must carry
    }
    const auto limit = budget(kHandshakeTimeout);
    beast::get_lowest_layer(*tls).expires_after(limit);
    auto [ec] = co_await tls->async_handshake(ssl::stream_base::client, kAwait);
    if (ec) {
      std::string reason = ec == beast::error::timeout ? timeout_text(limit) : ec.message();
      if (const std::string why = verify_failure(handle); !why.empty()) reason = "certificate verify failed (" + why + ")";
      if (name != url.host) reason += " (checked for " + name + ", the provider's TLS server name)";
      failure->message = "TLS handshake with " + url.authority() + ": " + reason;
      co_return nullptr;
    }
    co_return tls;
  }

  // Built on the first https request only: offline runs never pay for it. The
  // default store is the hashed directory, looked up lazily per issuer,
  // instead of parsing the whole bundle up front. A provider with its own
  // TLS identity gets a context of its own, built once per run.
  struct TlsContext {
    std::string identity_key;  // TlsIdentity::key(), "" for the run's own
    std::optional<ssl::context> context;
    std::string error;
  };

  // Which context a request uses: its index in contexts_.
  std::size_t context_index(const TlsIdentity* identity) {
    const std::string key = identity ? identity->key() : std::string();
    for (std::size_t i = 0; i < contexts_.size(); ++i)
      if (contexts_[i].identity_key == key) return i;
    contexts_.push_back({key, std::nullopt, {}});
    return contexts_.size() - 1;
  }

  ssl::context* tls_context(const TlsIdentity* identity, Failure* failure) {
    TlsContext& entry = contexts_[context_index(identity)];
    if (!entry.context && entry.error.empty()) {
      auto context = make_client_context({options_.ca_file, options_.ssl_cert_file, options_.ssl_cert_dir}, identity,
                                         &entry.error);
      if (context) entry.context.emplace(std::move(*context));
    }
    if (entry.context) return &*entry.context;
    failure->message = entry.error;
    return nullptr;
  }

  struct RoundTrip {
    HttpResponse answer;
    bool keep_alive = false;
  };

  asio::awaitable<std::optional<RoundTrip>> round_trip(Connection& connection, const HttpRequest& request,
                                                       bool reused, Failure* failure) {
    co_return co_await std::visit(
        [&](auto& stream) -> asio::awaitable<std::optional<RoundTrip>> {
          return write_and_read(*stream, connection, request, reused, failure);
        },
        connection.stream);
  }

  template <class Stream>
  asio::awaitable<std::optional<RoundTrip>> write_and_read(Stream& stream, Connection& connection,
                                                           const HttpRequest& request, bool reused, Failure* failure) {
    const auto message = build_request(request, connection);
    const std::string where = request.url.authority();
    const auto write_limit = budget(kWriteTimeout);
    connection.tcp().expires_after(write_limit);
    auto [write_error, written] = co_await http::async_write(stream, message, kAwait);
    if (write_error) {
      failure->stale = reused && is_dropped_connection(write_error);
      failure->retryable = is_dropped_connection(write_error);
      failure->message = "write to " + where + ": " +
                         (write_error == beast::error::timeout ? timeout_text(write_limit) : write_error.message());
      co_return std::nullopt;
    }
    http::response_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser.body_limit(options_.max_body_bytes);
    if (request.method == "HEAD") parser.skip(true);
    const auto read_limit = budget(kReadTimeout);
    connection.tcp().expires_after(read_limit);
    auto [read_error, read] = co_await http::async_read(stream, connection.buffer, parser, kAwait);
    if (read_error) {
      // A kept-alive connection the server closed while it was idle: EOF or a
      // reset, or over TLS a close without close_notify (stream_truncated),
      // before any byte of an answer.
      failure->stale = reused && !parser.got_some() &&
                       (read_error == http::error::end_of_stream || read_error == asio::error::eof ||
                        read_error == asio::error::connection_reset || read_error == ssl::error::stream_truncated);
      failure->retryable = is_dropped_connection(read_error);
      const std::string why =
          read_error == beast::error::timeout
              ? timeout_text(read_limit)
              : describe_read_error(read_error, parser.got_some(), options_.max_header_bytes, options_.max_body_bytes);
      failure->message = "read from " + where + ": " + why;
      co_return std::nullopt;
    }
    auto& answer = parser.get();
    RoundTrip trip;
    trip.keep_alive = answer.keep_alive();
    trip.answer.status = static_cast<int>(answer.result_int());
    for (const auto& field : answer)
      trip.answer.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    trip.answer.body = std::move(answer.body());
    co_return trip;
  }

  http::request<http::string_body> build_request(const HttpRequest& request, const Connection& connection) const {
    http::request<http::string_body> message;
    message.method_string(request.method);
    message.target(connection.absolute_target() ? request.url.to_string() : request.url.target);
    message.version(11);
    message.set(http::field::host, request.url.host_header());
    message.set(http::field::user_agent, "scopegate/" SCOPEGATE_VERSION);
    message.set(http::field::accept, "application/json");
    if (connection.absolute_target() && !connection.proxy_authorization.empty())
      message.set(http::field::proxy_authorization, connection.proxy_authorization);
    for (const auto& [name, value] : request.headers) message.set(name, value);
    message.body() = request.body;
    message.prepare_payload();
    return message;
  }

  TransportOptions options_;
  Clock::time_point deadline_;
  std::mt19937 random_;
  std::vector<TlsContext> contexts_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

BeastTransport::BeastTransport(TransportOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
BeastTransport::~BeastTransport() = default;

asio::awaitable<HttpOutcome> BeastTransport::send(HttpRequest request) { return impl_->send(std::move(request)); }
void BeastTransport::close_idle() { impl_->close_idle(); }

}  // namespace scopegate::net
