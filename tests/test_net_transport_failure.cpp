#include <doctest/doctest.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <chrono>

#include "net/transport_failure.h"

using namespace scopegate;
namespace asio = boost::asio;
namespace http = boost::beast::http;

TEST_SUITE("net.transport_failure") {
  TEST_CASE("a dropped connection is the kind worth another attempt") {
    for (const boost::system::error_code ec :
         {make_error_code(asio::error::connection_reset), make_error_code(asio::error::broken_pipe),
          make_error_code(asio::error::eof), make_error_code(http::error::end_of_stream),
          make_error_code(http::error::partial_message), make_error_code(asio::ssl::error::stream_truncated)})
      CHECK_MESSAGE(net::is_dropped_connection(ec), ec.message());
    CHECK_FALSE(net::is_dropped_connection(make_error_code(asio::error::connection_refused)));
    CHECK_FALSE(net::is_dropped_connection(make_error_code(http::error::body_limit)));
  }

  TEST_CASE("a read error says what happened, and names the limit an answer broke") {
    CHECK(net::describe_read_error(make_error_code(asio::error::connection_reset), false, 64 * 1024, 4 << 20) ==
          "the server closed the connection without answering");
    CHECK(net::describe_read_error(make_error_code(http::error::partial_message), true, 64 * 1024, 4 << 20) ==
          "the connection closed before the answer was complete");
    CHECK(net::describe_read_error(make_error_code(http::error::header_limit), true, 64 * 1024, 4 << 20) ==
          "the answer's headers are larger than 64 KiB");
    CHECK(net::describe_read_error(make_error_code(http::error::body_limit), true, 64 * 1024, 4 << 20) ==
          "the answer's body is larger than 4 MiB");
  }

  TEST_CASE("limits are said in whole seconds, rounded up, and a 407 says what to change") {
    CHECK(net::seconds_text(std::chrono::milliseconds(2500)) == "3s");
    CHECK(net::seconds_text(std::chrono::milliseconds(10'000)) == "10s");
    CHECK(net::proxy_auth_hint(false).find("http://user:password@host:port") != std::string::npos);
    CHECK(net::proxy_auth_hint(true).find("did not accept") != std::string::npos);
  }
}
