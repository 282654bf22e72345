#pragma once
// Name lookups that a request can stop waiting for: getaddrinfo cannot be
// cancelled, so each runs on a thread of its own and the request waits for it
// on its own executor, at most as long as its resolve phase may take.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace scopegate::net {

// One name lookup's answer: the addresses, or why there are none.
struct LookupResult {
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
  boost::system::error_code error;
};

// Looks up host and port, blocking. BeastTransport connects to IP addresses
// without a lookup, runs each lookup on a thread of its own, and stops
// waiting when the resolve phase's time is up: getaddrinfo cannot be
// cancelled, so a lookup that hangs (a DNS black hole) costs only its own
// request that time and delays no other. The thread may outlive the request
// and the transport, so a Lookup must be safe to call from any thread and
// own what it uses (capture by value).
using Lookup = std::function<LookupResult(const std::string& host, const std::string& port)>;

// The real lookup: getaddrinfo with the flags and error codes of asio's resolver.
LookupResult system_lookup(const std::string& host, const std::string& port);

// Runs `lookup` on a detached thread of its own and waits at most `limit`
// for it; sets *timed_out when the time ran out first. The references must
// outlive the wait; the thread gets copies.
boost::asio::awaitable<LookupResult> lookup_within(const Lookup& lookup, const std::string& host,
                                                   const std::string& port, std::chrono::milliseconds limit,
                                                   bool* timed_out);

}  // namespace scopegate::net
