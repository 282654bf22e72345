#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "net/lookup.h"

using namespace scopegate;
using std::chrono::milliseconds;

namespace {
namespace asio = boost::asio;

struct Waited {
  net::LookupResult result;
  bool timed_out = false;
  double seconds = 0;
};

// lookup_within on an event loop of its own, timed.
Waited wait_for(const net::Lookup& lookup, milliseconds limit) {
  asio::io_context io;
  Waited waited;
  const auto start = std::chrono::steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        waited.result = co_await net::lookup_within(lookup, "api.example.com", "443", limit, &waited.timed_out);
      },
      asio::detached);
  io.run();
  waited.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return waited;
}

net::LookupResult loopback() {
  net::LookupResult result;
  result.endpoints.emplace_back(asio::ip::make_address("127.0.0.1"), 443);
  return result;
}
}  // namespace

TEST_SUITE("net.lookup") {
  TEST_CASE("an answer in time is used as soon as it comes") {
    const Waited waited = wait_for([](const std::string&, const std::string&) { return loopback(); }, milliseconds(5000));
    CHECK_FALSE(waited.timed_out);
    REQUIRE(waited.result.endpoints.size() == 1);
    CHECK(waited.result.endpoints[0].port() == 443);
    CHECK(waited.seconds < 2.0);
  }

  TEST_CASE("a lookup that hangs is left behind when the limit is up, and its late answer touches nothing") {
    const auto release = std::make_shared<std::atomic<bool>>(false);
    const Waited waited = wait_for(
        [release](const std::string&, const std::string&) {
          while (!*release) std::this_thread::sleep_for(milliseconds(5));
          return loopback();
        },
        milliseconds(100));
    *release = true;  // answers after the wait and its event loop are gone
    CHECK(waited.timed_out);
    CHECK(waited.result.endpoints.empty());
    CHECK(waited.seconds < 2.0);
  }

  TEST_CASE("no time left: nothing is started") {
    bool called = false;
    const Waited waited = wait_for(
        [&called](const std::string&, const std::string&) {
          called = true;
          return loopback();
        },
        milliseconds(0));
    CHECK(waited.timed_out);
    CHECK_FALSE(called);
  }

  TEST_CASE("a lookup that throws is a failed lookup, not a crash") {
    const Waited waited = wait_for(
        [](const std::string&, const std::string&) -> net::LookupResult { throw std::runtime_error("boom"); },
        milliseconds(5000));
    CHECK_FALSE(waited.timed_out);
    CHECK(waited.result.error == asio::error::host_not_found);
  }

  TEST_CASE("system_lookup: an IPv4 literal needs no DNS") {
    const net::LookupResult result = net::system_lookup("127.0.0.1", "8443");
    CHECK_FALSE(result.error);
    REQUIRE_FALSE(result.endpoints.empty());
    CHECK(result.endpoints[0].address().to_string() == "127.0.0.1");
    CHECK(result.endpoints[0].port() == 8443);
  }
}
