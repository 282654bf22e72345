#include "net/transport_failure.h"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>

#include "util/duration.h"

namespace scopegate::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;

bool is_dropped_connection(const boost::system::error_code& ec) {
  return ec == asio::error::connection_reset || ec == asio::error::broken_pipe || ec == asio::error::eof ||
         ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == asio::ssl::error::stream_truncated;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  return util::format_duration(
      std::chrono::duration_cast<std::chrono::seconds>(duration + std::chrono::milliseconds(999)));
}

std::string describe_read_error(const boost::system::error_code& ec, bool got_some, std::size_t max_header_bytes,
                                std::size_t max_body_bytes) {
  if (!got_some && is_dropped_connection(ec)) return "the server closed the connection without answering";
  if (ec == http::error::header_limit)
    return "the answer's headers are larger than " + std::to_string(max_header_bytes / 1024) + " KiB";
  if (ec == http::error::body_limit)
    return "the answer's body is larger than " + std::to_string(max_body_bytes / (1024 * 1024)) + " MiB";
  if (ec == http::error::end_of_stream || ec == asio::error::eof)
    return "the server closed the connection without answering";
  if (ec == http::error::partial_message || ec == asio::ssl::error::stream_truncated)
    return "the connection closed before the answer was complete";
  return ec.message();
}

std::string proxy_auth_hint(bool had_credentials) {
  return !had_credentials
             ? " (the proxy wants a user and password: http://user:password@host:port in the proxy variable)"
             : " (the proxy did not accept the user and password in the proxy variable)";
}

}  // namespace scopegate::net
