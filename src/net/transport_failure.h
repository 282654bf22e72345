#pragma once
// What a failed phase of an HTTP exchange says, in the words the transport's
// errors use ("the server closed the connection without answering"), and
// which failures are a dropped connection worth another attempt.
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <string>

namespace scopegate::net {

// A reset, a broken pipe, an end of stream or a truncated TLS stream: the
// connection went away (a kept-alive one may have died while idle).
bool is_dropped_connection(const boost::system::error_code& ec);

// "3s" for a phase's limit, rounded up to whole seconds.
std::string seconds_text(std::chrono::milliseconds duration);

// Why reading an answer failed: `got_some` says whether any of it arrived;
// the limits are the transport's, named when an answer exceeds them.
std::string describe_read_error(const boost::system::error_code& ec, bool got_some, std::size_t max_header_bytes,
                                std::size_t max_body_bytes);

// What to do about a proxy's 407, by whether the proxy URL carried credentials.
std::string proxy_auth_hint(bool had_credentials);

}  // namespace scopegate::net
